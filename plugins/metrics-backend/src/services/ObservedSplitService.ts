import {
  observedSplitQuery,
  ObservedSplitResponse,
} from '@internal/plugin-metrics-common';
import { EntityMetricsTarget } from './EntityTargets';
import { RangeQueryRunner } from './RangeQueryRunner';
import { sampleValue } from './series';

/**
 * The traffic split Istio observed over the last 5 minutes: requests/s per destination version
 * and each version's share of the total, from one instant query.
 * @public
 */
export class ObservedSplitService {
  constructor(private readonly runner: RangeQueryRunner) {}

  async get(
    target: EntityMetricsTarget,
    time: number,
  ): Promise<ObservedSplitResponse> {
    const query = observedSplitQuery({
      namespace: target.namespace,
      service: target.kubernetesId,
    });
    // A Prometheus failure is ops-node's UpstreamError: a 503 that names Prometheus and why.
    const result = await this.runner.runInstant(target.instance, query, time);
    const rates = result.map(series => ({
      version: series.metric.destination_version || '(none)',
      requestsPerSecond: sampleValue(series.values[0]?.[1]) ?? 0,
    }));
    const total = rates.reduce((sum, r) => sum + r.requestsPerSecond, 0);
    return {
      versions: rates
        .map(r => ({
          version: r.version,
          share: total > 0 ? r.requestsPerSecond / total : 0,
          requestsPerSecond: r.requestsPerSecond,
        }))
        .sort((a, b) => a.version.localeCompare(b.version)),
    };
  }
}
