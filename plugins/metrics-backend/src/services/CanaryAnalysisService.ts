import {
  CanaryAnalysisResponse,
  canaryAnalysisQueries,
  CanaryFigures,
  CanaryThresholds,
  formatPromDuration,
  groupPanelsQuery,
  judgeCanary,
  PANEL_LABEL,
  parseCanaryThresholds,
} from '@internal/plugin-metrics-common';
import { OPS_ANNOTATIONS, OpsNotConfigured } from '@internal/plugin-ops-common';
import { CanaryConfig } from '../config/readCanaryConfig';
import { EntityMetricsTarget } from './EntityTargets';
import { RangeQueryRunner } from './RangeQueryRunner';
import { sampleValue } from './series';

/** What a caller may set for one analysis. @public */
export interface CanaryAnalysisOptions {
  intervalSeconds?: number;
  thresholds?: Partial<CanaryThresholds>;
}

/**
 * The canary verdict of every destination version of an entity's Service over the last interval:
 * one instant Prometheus query (requests, 5xx and p99, tagged and joined), each version judged
 * against the entity's thresholds (its annotation, else the portal's config). A malformed
 * annotation is the not-configured answer, saying what is wrong with it; nothing is queried then.
 * @public
 */
export class CanaryAnalysisService {
  constructor(
    private readonly runner: RangeQueryRunner,
    private readonly config: CanaryConfig,
  ) {}

  /**
   * `options` (a rollout's plan): another interval than the configured one, and thresholds that
   * take precedence over the annotation's and the config's (source `request`).
   */
  async get(
    target: EntityMetricsTarget,
    time: number,
    options: CanaryAnalysisOptions = {},
  ): Promise<CanaryAnalysisResponse | OpsNotConfigured> {
    let thresholds = this.config.thresholds;
    let thresholdsSource: CanaryAnalysisResponse['thresholdsSource'] = 'config';
    if (target.canaryThresholds !== undefined) {
      const parsed = parseCanaryThresholds(
        target.canaryThresholds,
        this.config.thresholds,
      );
      if ('error' in parsed) {
        return {
          missingAnnotation: OPS_ANNOTATIONS.canaryThresholds,
          message: `The annotation ${OPS_ANNOTATIONS.canaryThresholds} is invalid: ${parsed.error}. Write it as "min-success-rate=99, max-p99-ms=500, min-requests=20" (any of the three) or remove it to use the portal's thresholds.`,
        };
      }
      thresholds = parsed.thresholds;
      thresholdsSource = 'annotation';
    }
    if (options.thresholds && Object.keys(options.thresholds).length > 0) {
      thresholds = { ...thresholds, ...options.thresholds };
      thresholdsSource = 'request';
    }
    const intervalSeconds =
      options.intervalSeconds ?? this.config.intervalSeconds;
    const queries = canaryAnalysisQueries(
      { namespace: target.namespace, service: target.kubernetesId },
      formatPromDuration(intervalSeconds),
    );
    // A Prometheus failure is ops-node's UpstreamError: a 503 that names Prometheus and why.
    const result = await this.runner.runInstant(
      target.instance,
      groupPanelsQuery(queries),
      time,
    );
    const byVersion = new Map<string, CanaryFigures>();
    for (const series of result) {
      const version = series.metric.destination_version || '(none)';
      const figures = byVersion.get(version) ?? {
        version,
        requests: 0,
        errors: 0,
        latencyP99Ms: null,
      };
      const value = sampleValue(series.values[0]?.[1]);
      switch (series.metric[PANEL_LABEL]) {
        case 'requests':
          figures.requests = value ?? 0;
          break;
        case 'errors':
          figures.errors = value ?? 0;
          break;
        case 'latency-p99':
          figures.latencyP99Ms = value;
          break;
        default:
          continue;
      }
      byVersion.set(version, figures);
    }
    return {
      intervalSeconds,
      evaluatedAt: time,
      thresholds,
      thresholdsSource,
      versions: [...byVersion.values()]
        .sort((a, b) => a.version.localeCompare(b.version))
        .map(figures => judgeCanary(figures, thresholds)),
    };
  }
}
