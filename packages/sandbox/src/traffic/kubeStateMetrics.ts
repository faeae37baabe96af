import { ClusterStore, KubeObject } from '../cluster/types';
import { requireType } from '../controller/controllerSupport';
import { Labels, MetricFamily } from './exposition';

/**
 * kube-state-metrics' HorizontalPodAutoscaler families (names, labels and target types as in its
 * `docs/horizontalpodautoscaler-metrics.md`), computed from the live HPAs at scrape time.
 */

/** A Kubernetes quantity (`500m`, `64Mi`, `2`, `1k`) as a float, as KSM reports it. */
export function quantityValue(quantity: unknown): number {
  const match = /^([+-]?\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(
    String(quantity ?? ''),
  );
  if (!match) return NaN;
  const factors: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  const factor = factors[match[2]];
  return factor === undefined ? NaN : Number(match[1]) * factor;
}

/** The metric name a `spec.metrics[]` entry targets: resource name or the custom metric's name. */
function metricName(metric: any): string | undefined {
  switch (metric?.type) {
    case 'Resource':
      return metric.resource?.name;
    case 'ContainerResource':
      return metric.containerResource?.name;
    case 'Pods':
      return metric.pods?.metric?.name;
    case 'Object':
      return metric.object?.metric?.name;
    case 'External':
      return metric.external?.metric?.name;
    default:
      return undefined;
  }
}

function targetOf(metric: any): any {
  const key = String(metric?.type ?? '').replace(/^./, c => c.toLowerCase());
  return metric?.[key]?.target;
}

/** One `kube_horizontalpodautoscaler_spec_target_metric` sample per target type set. */
function targetSamples(hpa: KubeObject, base: Labels) {
  return (hpa.spec?.metrics ?? []).flatMap((metric: any) => {
    const name = metricName(metric);
    const target = targetOf(metric);
    if (!name || !target) return [];
    const values: Array<[string, number]> = [];
    if (target.value !== undefined)
      values.push(['value', quantityValue(target.value)]);
    if (target.averageValue !== undefined)
      values.push(['average', quantityValue(target.averageValue)]);
    if (target.averageUtilization !== undefined)
      values.push(['utilization', Number(target.averageUtilization)]);
    return values.map(([type, value]) => ({
      labels: [
        ...base,
        ['metric_name', name],
        ['metric_target_type', type],
      ] as Labels,
      value,
    }));
  });
}

const gauge = (
  name: string,
  help: string,
  samples: MetricFamily['samples'],
): MetricFamily => ({ name, help, type: 'gauge', samples });

/** The HPA families for every HPA in the cluster. */
export function horizontalPodAutoscalerFamilies(
  store: ClusterStore,
): MetricFamily[] {
  const type = requireType(store, 'autoscaling/v2', 'HorizontalPodAutoscaler');
  const hpas = store.list(type).map(hpa => ({
    hpa,
    labels: [
      ['namespace', hpa.metadata.namespace!],
      ['horizontalpodautoscaler', hpa.metadata.name],
    ] as Labels,
  }));
  const each = (value: (hpa: KubeObject) => number) =>
    hpas.map(({ hpa, labels }) => ({ labels, value: value(hpa) }));
  return [
    gauge(
      'kube_horizontalpodautoscaler_info',
      'Information about this autoscaler.',
      hpas.map(({ hpa, labels }) => ({
        labels: [
          ...labels,
          [
            'scaletargetref_api_version',
            hpa.spec?.scaleTargetRef?.apiVersion ?? '',
          ],
          ['scaletargetref_kind', hpa.spec?.scaleTargetRef?.kind ?? ''],
          ['scaletargetref_name', hpa.spec?.scaleTargetRef?.name ?? ''],
        ],
        value: 1,
      })),
    ),
    gauge(
      'kube_horizontalpodautoscaler_spec_max_replicas',
      'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      each(hpa => hpa.spec?.maxReplicas ?? 0),
    ),
    gauge(
      'kube_horizontalpodautoscaler_spec_min_replicas',
      'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
      each(hpa => hpa.spec?.minReplicas ?? 1),
    ),
    gauge(
      'kube_horizontalpodautoscaler_spec_target_metric',
      'The metric specifications used by this autoscaler when calculating the desired replica count.',
      hpas.flatMap(({ hpa, labels }) => targetSamples(hpa, labels)),
    ),
    gauge(
      'kube_horizontalpodautoscaler_status_current_replicas',
      'Current number of replicas of pods managed by this autoscaler.',
      each(hpa => hpa.status?.currentReplicas ?? 0),
    ),
    gauge(
      'kube_horizontalpodautoscaler_status_desired_replicas',
      'Desired number of replicas of pods managed by this autoscaler.',
      each(hpa => hpa.status?.desiredReplicas ?? 0),
    ),
  ];
}
