import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  CanaryAnalysisResponse,
  CanaryThresholds,
  CanaryVerdict,
} from '@internal/plugin-metrics-common';
import {
  isOpsNotConfigured,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import { fetchUpstreamJson } from '@internal/plugin-ops-node';

/** What one analysis of a rollout step asks. */
export interface CanaryAnalysisRequest {
  entityRef: string;
  /** The `destination_version` the canary subset's pods report. */
  version: string;
  intervalSeconds: number;
  /** The plan's thresholds; absent ones come from the entity's annotation or the portal's config. */
  thresholds?: Partial<CanaryThresholds>;
  /** End of the interval, unix seconds. */
  end: number;
}

/** The verdict of the canary's version, or why there is none. */
export type CanaryAnalysisResult =
  | { verdict: CanaryVerdict }
  | { notConfigured: OpsNotConfigured };

/** Where a step's analysis comes from. */
export interface CanaryAnalysisSource {
  analyse(request: CanaryAnalysisRequest): Promise<CanaryAnalysisResult>;
}

/** The verdict of a version without a single series in the interval: no requests at all. */
export function idleVerdict(
  version: string,
  thresholds: CanaryAnalysisResponse['thresholds'],
): CanaryVerdict {
  return {
    version,
    status: 'inconclusive',
    requests: 0,
    successRate: null,
    latencyP99Ms: null,
    checks: [
      {
        name: 'request-count',
        status: 'inconclusive',
        value: 0,
        threshold: thresholds.minRequests,
        message: `no requests to ${version} in the interval, ${thresholds.minRequests} needed for a verdict`,
      },
    ],
  };
}

/**
 * The metrics backend's `GET /api/metrics/canary-analysis`, called as this plugin (a service
 * token for `metrics`): the same analysis the Traffic card shows, over the plan's interval and
 * thresholds. A failure is an `UpstreamError` naming the metrics backend (and, through it,
 * Prometheus).
 */
export class MetricsCanaryAnalysis implements CanaryAnalysisSource {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      timeoutMs: number;
    },
  ) {}

  async analyse(request: CanaryAnalysisRequest): Promise<CanaryAnalysisResult> {
    const { discovery, auth, timeoutMs } = this.options;
    const baseUrl = await discovery.getBaseUrl('metrics');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'metrics',
    });
    const query = new URLSearchParams({
      entityRef: request.entityRef,
      interval: String(request.intervalSeconds),
      end: String(request.end),
    });
    for (const [key, value] of Object.entries(request.thresholds ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    // A failure (the metrics backend or, through it, Prometheus) is an UpstreamError naming it.
    const { body: answer } = await fetchUpstreamJson(
      `${baseUrl}/canary-analysis?${query}`,
      {
        system: 'Metrics backend',
        operation: 'GET /canary-analysis',
        headers: { Authorization: `Bearer ${token}` },
        timeoutMs,
      },
    );
    const body = answer as CanaryAnalysisResponse | OpsNotConfigured;
    if (isOpsNotConfigured(body)) return { notConfigured: body };
    const verdict =
      body.versions.find(v => v.version === request.version) ??
      idleVerdict(request.version, body.thresholds);
    return { verdict };
  }
}
