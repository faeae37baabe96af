import type { HpaSeriesKey } from './contract';
import { buildSelector } from './selector';

/** kube-state-metrics series of an HPA, by the key the backend reports them under. @public */
export const HPA_METRICS: Record<HpaSeriesKey, string> = {
  current: 'kube_horizontalpodautoscaler_status_current_replicas',
  desired: 'kube_horizontalpodautoscaler_status_desired_replicas',
  min: 'kube_horizontalpodautoscaler_spec_min_replicas',
  max: 'kube_horizontalpodautoscaler_spec_max_replicas',
};

/** The HPA a query reads. @public */
export interface HpaTarget {
  namespace: string;
  /** The HPA's name (the entity's kubernetes-id). */
  name: string;
}

/**
 * One query for all four HPA series: a `__name__` regex over the metric names, collapsed
 * `max by (__name__)` so duplicate kube-state-metrics replicas give one series per metric.
 * @public
 */
export function hpaHistoryQuery(target: HpaTarget): string {
  const names = Object.values(HPA_METRICS).join('|');
  const selector = buildSelector(undefined, {
    __name__: { op: '=~', value: names },
    namespace: target.namespace,
    horizontalpodautoscaler: target.name,
  });
  return `max by (__name__) (${selector})`;
}

/** The series key of a metric name returned by {@link hpaHistoryQuery}. @public */
export function hpaSeriesKey(metricName: string): HpaSeriesKey | undefined {
  return (Object.keys(HPA_METRICS) as HpaSeriesKey[]).find(
    key => HPA_METRICS[key] === metricName,
  );
}
