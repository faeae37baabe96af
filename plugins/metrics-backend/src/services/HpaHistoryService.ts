import {
  HPA_METRICS,
  hpaHistoryQuery,
  HpaHistoryResponse,
  hpaSeriesKey,
  HpaSeriesKey,
  MetricsWindow,
} from '@internal/plugin-metrics-common';
import { EntityMetricsTarget } from './EntityTargets';
import { RangeQueryRunner } from './RangeQueryRunner';
import { alignPoints } from './series';

const ORDER = Object.keys(HPA_METRICS) as HpaSeriesKey[];

/**
 * Replica history of the entity's HorizontalPodAutoscaler (named like its kubernetes-id) from
 * kube-state-metrics: current, desired, min and max replicas in one query.
 * @public
 */
export class HpaHistoryService {
  constructor(private readonly runner: RangeQueryRunner) {}

  async get(
    target: EntityMetricsTarget,
    window: MetricsWindow,
  ): Promise<HpaHistoryResponse> {
    const query = hpaHistoryQuery({
      namespace: target.namespace,
      name: target.kubernetesId,
    });
    // A Prometheus failure is ops-node's UpstreamError: a 503 that names Prometheus and why.
    const result = await this.runner.run(target.instance, query, window);
    const series = result
      .flatMap(item => {
        const key = hpaSeriesKey(item.metric.__name__ ?? '');
        return key ? [{ key, points: alignPoints(item.values, window) }] : [];
      })
      .sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
    return { window, series, available: series.length > 0 };
  }
}
