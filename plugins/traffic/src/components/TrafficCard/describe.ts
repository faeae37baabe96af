import type {
  ResiliencePolicy,
  SubsetStatus,
  TrafficManagement,
  TrafficSaveResult,
} from '@internal/plugin-traffic-common';
import { ResponseError } from '@backstage/errors';
import type {
  CanaryAnalysisResponse,
  ObservedSplitResponse,
} from '@internal/plugin-metrics-react';

/** One line per configured resilience setting, in the editor's order. */
export function describeResilience(policy: ResiliencePolicy): string[] {
  const lines: string[] = [];
  const { fault, retries, timeout, outlierDetection: od } = policy;
  if (fault?.delay) {
    lines.push(
      `Fault delay: ${fault.delay.fixedDelay} on ${fault.delay.percentage}% of requests`,
    );
  }
  if (fault?.abort) {
    lines.push(
      `Fault abort: HTTP ${fault.abort.httpStatus} on ${fault.abort.percentage}% of requests`,
    );
  }
  if (retries) {
    const parts = [`${retries.attempts} attempts`];
    if (retries.perTryTimeout) parts.push(`${retries.perTryTimeout} per try`);
    if (retries.retryOn) parts.push(`on ${retries.retryOn}`);
    lines.push(`Retries: ${parts.join(', ')}`);
  }
  if (timeout) lines.push(`Request timeout: ${timeout}`);
  if (od) {
    const parts: string[] = [];
    if (od.consecutive5xxErrors !== undefined) {
      parts.push(`eject after ${od.consecutive5xxErrors} consecutive 5xx`);
    }
    if (od.consecutiveGatewayErrors !== undefined) {
      parts.push(`after ${od.consecutiveGatewayErrors} gateway errors`);
    }
    if (od.interval) parts.push(`checked every ${od.interval}`);
    if (od.baseEjectionTime) parts.push(`ejected for ${od.baseEjectionTime}`);
    if (od.maxEjectionPercent !== undefined) {
      parts.push(`at most ${od.maxEjectionPercent}% of hosts`);
    }
    lines.push(
      `Circuit breaker: ${
        parts.length ? parts.join(', ') : "Istio's defaults"
      }`,
    );
  }
  if (policy.consistentHashHeader) {
    lines.push(`Consistent hash on header ${policy.consistentHashHeader}`);
  }
  return lines;
}

/** "Managed in Git: ..." or "Direct (cluster)". */
export function describeManagement(management: TrafficManagement): string {
  if (management.mode === 'direct') return 'Direct (cluster)';
  const { files } = management;
  const paths =
    files.virtualService === files.destinationRule
      ? files.virtualService
      : `${files.virtualService} and ${files.destinationRule}`;
  return `Managed in Git: ${paths} (${management.repoUrl}, branch ${management.branch}) via Argo CD app ${management.argoCdApp}`;
}

/** The Istio `destination_version` a subset's pods report: its `version` label, else its name. */
export function subsetVersion(subset: Pick<SubsetStatus, 'name' | 'labels'>) {
  return subset.labels.version ?? subset.name;
}

/** The observed cell's text for a subset. */
export function describeObserved(
  split: ObservedSplitResponse,
  version: string,
): string {
  const total = split.versions.reduce((s, v) => s + v.requestsPerSecond, 0);
  if (total === 0) return 'no traffic';
  const entry = split.versions.find(v => v.version === version);
  if (!entry) return '0%';
  return `${(entry.share * 100).toFixed(1)}% (${entry.requestsPerSecond.toFixed(
    2,
  )} req/s)`;
}

/** The backend's own message for an error (for a `ResponseError`, the body's message). */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}

/** What a save did, in one sentence. */
export function describeSaveResult(result: TrafficSaveResult): string {
  const commit = result.commit ? result.commit.slice(0, 7) : undefined;
  const management = result.state.management;
  switch (result.outcome) {
    case 'committed':
      return management.mode === 'git'
        ? `Saved: commit ${commit} on ${management.branch}; Argo CD app ${management.argoCdApp} applies it.`
        : `Saved: commit ${commit}.`;
    case 'branch-pushed':
      return `Saved for review: branch ${result.branch}${
        commit ? ` (commit ${commit})` : ''
      }; merge its pull request to apply it.`;
    case 'written':
      return 'Saved: written to the cluster.';
    case 'unchanged':
    default:
      return 'Nothing to change: the policy already matched.';
  }
}

/** "Passes with success ≥ 99 %, p99 ≤ 500 ms and at least 20 requests (portal defaults)." */
export function describeThresholds(analysis: CanaryAnalysisResponse): string {
  const { minSuccessRate, maxLatencyP99Ms, minRequests } = analysis.thresholds;
  const sources: Record<CanaryAnalysisResponse['thresholdsSource'], string> = {
    annotation: "this service's ops-portal/canary-thresholds",
    config: 'portal defaults',
    request: "the rollout's plan",
  };
  const source = sources[analysis.thresholdsSource];
  return `Passes with success ≥ ${minSuccessRate}%, p99 ≤ ${maxLatencyP99Ms} ms and at least ${minRequests} requests in the interval (${source}); fewer requests is inconclusive.`;
}
