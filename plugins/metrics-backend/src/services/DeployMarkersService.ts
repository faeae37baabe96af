import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  argoActionsStateResponseSchema,
  ArgoHistoryEntry,
} from '@internal/plugin-argocd-actions-common';
import {
  compareDeploySignals,
  DEPLOY_IMPACT_WINDOW_SECONDS,
  DeployImpact,
  DeployMarker,
  DeployMarkersResponse,
  deployImpactQueries,
  DeploySignals,
  groupPanelsQuery,
  MetricsWindow,
  PANEL_LABEL,
  parseCanaryThresholds,
} from '@internal/plugin-metrics-common';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import {
  fetchUpstreamJson,
  gitOpsCommitUrl,
  ReadThroughCache,
  readThroughCacheKey,
} from '@internal/plugin-ops-node';
import {
  Rollout,
  RolloutEvent,
  rolloutsResponseSchema,
} from '@internal/plugin-traffic-common';
import { CanaryConfig } from '../config/readCanaryConfig';
import { EntityMetricsTarget } from './EntityTargets';
import { PrometheusSeries } from './PrometheusClient';
import { RangeQueryRunner } from './RangeQueryRunner';
import { sampleValue } from './series';

/** A comparison window shorter than this (a sync a moment ago) is not compared yet. */
const MIN_IMPACT_WINDOW_SECONDS = 60;

/** The rollout events that mark the charts. */
const ROLLOUT_MARKS: Partial<Record<RolloutEvent['kind'], string>> = {
  'step-written': 'step',
  'rolled-back': 'rolled back',
  promoted: 'promoted',
  aborted: 'aborted',
  succeeded: 'succeeded',
};

/** Options of {@link DeployMarkersService}. */
export interface DeployMarkersServiceOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  runner: RangeQueryRunner;
  canary: CanaryConfig;
  /**
   * Shares an answer per entity and window for a short while (every card of one Ops tab load asks
   * for the same markers; the entity was already authorized for the caller by then).
   */
  reads?: ReadThroughCache;
  /** `opsPortal.gitops.commitUrlTemplate`: `{sha}` is replaced by the commit. */
  commitUrlTemplate?: string;
  timeoutMs: number;
  now?: () => number;
}

function shortSha(revision: string): string {
  return revision.slice(0, 7);
}

/**
 * The deploy markers of an entity and the comparison around its latest sync. The markers come
 * from the Argo CD actions backend (the Application's history: time, revision, commit author and
 * message) and the traffic backend (rollout steps and ends), read in parallel on the caller's
 * behalf; the comparison is two grouped instant queries (before and after the sync). Each source
 * that fails is one line in `problems`; the others still answer.
 */
export class DeployMarkersService {
  private readonly now: () => number;

  constructor(private readonly options: DeployMarkersServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(
    target: EntityMetricsTarget,
    window: MetricsWindow,
    credentials: BackstageCredentials,
  ): Promise<DeployMarkersResponse> {
    const { reads } = this.options;
    if (!reads) return this.read(target, window, credentials);
    return reads.read(
      readThroughCacheKey([
        'deploy-markers',
        target.entityRef,
        String(window.start),
        String(window.end),
      ]),
      () => this.read(target, window, credentials),
    );
  }

  private async read(
    target: EntityMetricsTarget,
    window: MetricsWindow,
    credentials: BackstageCredentials,
  ): Promise<DeployMarkersResponse> {
    const problems: string[] = [];
    const [history, rollouts] = await Promise.all([
      this.history(target.entityRef, credentials).catch(error => {
        problems.push(`Argo CD history: ${(error as Error).message}`);
        return [] as ArgoHistoryEntry[];
      }),
      this.rollouts(target.entityRef, credentials).catch(error => {
        problems.push(`Rollouts: ${(error as Error).message}`);
        return [] as Rollout[];
      }),
    ]);
    const syncs = history.map(entry => this.syncMarker(entry));
    const all = [...syncs, ...rollouts.flatMap(rolloutMarkers)];
    const markers = all
      .filter(m => m.time >= window.start * 1000 && m.time <= window.end * 1000)
      .sort((a, b) => a.time - b.time);
    const latest = syncs.sort((a, b) => b.time - a.time)[0];
    let impact: DeployImpact | undefined;
    if (latest) {
      impact = await this.impact(target, latest).catch(error => {
        problems.push(`Last deploy comparison: ${(error as Error).message}`);
        return undefined;
      });
    }
    return { markers, ...(impact ? { impact } : {}), problems };
  }

  private syncMarker(entry: ArgoHistoryEntry): DeployMarker {
    const { commitUrlTemplate } = this.options;
    const url = gitOpsCommitUrl({ commitUrlTemplate }, entry.revision);
    return {
      time: Date.parse(entry.deployedAt),
      kind: 'sync',
      label: `Sync ${shortSha(entry.revision)}`,
      revision: entry.revision,
      ...(entry.author ? { author: entry.author } : {}),
      ...(entry.message ? { message: entry.message } : {}),
      ...(url ? { url } : {}),
    };
  }

  private async token(credentials: BackstageCredentials, pluginId: string) {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: pluginId,
    });
    return token;
  }

  private async history(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ArgoHistoryEntry[]> {
    const base = await this.options.discovery.getBaseUrl('argocd-actions');
    const { body } = await fetchUpstreamJson(
      `${base}/state?${new URLSearchParams({ entityRef })}`,
      {
        system: 'Argo CD actions backend',
        operation: 'GET /state',
        headers: {
          Authorization: `Bearer ${await this.token(
            credentials,
            'argocd-actions',
          )}`,
        },
        timeoutMs: this.options.timeoutMs,
      },
    );
    const parsed = argoActionsStateResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        'the Argo CD actions backend answered an unexpected body',
      );
    }
    return isOpsNotConfigured(parsed.data) ? [] : parsed.data.history;
  }

  private async rollouts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Rollout[]> {
    const base = await this.options.discovery.getBaseUrl('traffic');
    const { body } = await fetchUpstreamJson(
      `${base}/rollouts?${new URLSearchParams({ entityRef })}`,
      {
        system: 'Traffic backend',
        operation: 'GET /rollouts',
        headers: {
          Authorization: `Bearer ${await this.token(credentials, 'traffic')}`,
        },
        timeoutMs: this.options.timeoutMs,
      },
    );
    const parsed = rolloutsResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new Error('the traffic backend answered an unexpected body');
    }
    const { active, recent } = parsed.data;
    return active ? [active, ...recent] : recent;
  }

  private async impact(
    target: EntityMetricsTarget,
    marker: DeployMarker,
  ): Promise<DeployImpact> {
    const at = Math.floor(marker.time / 1000);
    const nowSeconds = Math.floor(this.now() / 1000);
    const windowSeconds = Math.min(
      DEPLOY_IMPACT_WINDOW_SECONDS,
      nowSeconds - at,
    );
    if (windowSeconds < MIN_IMPACT_WINDOW_SECONDS) {
      // Too recent to compare: the summary names the deploy and says when it will be compared.
      return { marker, windowSeconds: Math.max(0, windowSeconds), figures: [] };
    }
    const query = groupPanelsQuery(
      deployImpactQueries(
        { namespace: target.namespace, service: target.kubernetesId },
        `${windowSeconds}s`,
      ),
    );
    const [before, after] = await Promise.all(
      [at, at + windowSeconds].map(async time =>
        signalsOf(
          await this.options.runner.runInstant(target.instance, query, time),
        ),
      ),
    );
    return {
      marker,
      windowSeconds,
      figures: compareDeploySignals(before, after, this.thresholds(target)),
    };
  }

  /** The entity's canary thresholds (its annotation when valid, else the config's). */
  private thresholds(target: EntityMetricsTarget) {
    const defaults = this.options.canary.thresholds;
    if (target.canaryThresholds === undefined) return defaults;
    const parsed = parseCanaryThresholds(target.canaryThresholds, defaults);
    return 'error' in parsed ? defaults : parsed.thresholds;
  }
}

function signalsOf(series: PrometheusSeries[]): DeploySignals {
  const value = (id: string) => {
    const found = series.find(s => s.metric[PANEL_LABEL] === id);
    return found ? sampleValue(found.values[0]?.[1]) : null;
  };
  const round = (v: number | null, digits: number) =>
    v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    requestsPerSecond: round(value('rps'), 2),
    errorRatePercent: round(value('errors'), 2),
    latencyP95Ms: round(value('p95'), 1),
  };
}

/** The marks of one rollout: each step written and how it ended. */
function rolloutMarkers(rollout: Rollout): DeployMarker[] {
  return rollout.events.flatMap(event => {
    const what = ROLLOUT_MARKS[event.kind];
    if (!what) return [];
    const weight =
      event.weight === undefined
        ? ''
        : ` (${rollout.canarySubset} at ${event.weight}%)`;
    return [
      {
        time: Date.parse(event.at),
        kind: 'rollout' as const,
        label: `Rollout ${what}${weight}`,
        message: event.message,
        ...(event.commit ? { revision: event.commit } : {}),
      },
    ];
  });
}
