import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createNamespaces } from '../testUtils/createNamespaces';
import {
  horizontalPodAutoscalerFamilies,
  quantityValue,
} from './kubeStateMetrics';
import { sumWhere } from './__testUtils__/sampleSums';

describe('quantityValue', () => {
  it.each([
    ['2', 2],
    ['500m', 0.5],
    ['1.5', 1.5],
    ['64Mi', 64 * 1024 * 1024],
    ['1k', 1000],
    ['1Gi', 1024 ** 3],
    [3, 3],
    ['abc', NaN],
    ['1Xi', NaN],
  ])('%p → %p', (input, expected) => {
    expect(quantityValue(input)).toBe(expected);
  });
});

describe('horizontalPodAutoscalerFamilies', () => {
  it('reports spec, status and every target type with namespace and horizontalpodautoscaler labels', () => {
    const store = new MemoryClusterStore();
    createNamespaces(store, 'shop');
    store.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'cart',
        },
        maxReplicas: 4,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
          {
            type: 'Resource',
            resource: {
              name: 'memory',
              target: { type: 'AverageValue', averageValue: '256Mi' },
            },
          },
          {
            type: 'External',
            external: {
              metric: { name: 'queue_depth' },
              target: { type: 'Value', value: '30' },
            },
          },
        ],
      },
      status: { currentReplicas: 2, desiredReplicas: 3 },
    });
    const families = horizontalPodAutoscalerFamilies(store);
    const hpa = { namespace: 'shop', horizontalpodautoscaler: 'cart' };
    expect.assertions(7);
    for (const [name, value] of [
      ['kube_horizontalpodautoscaler_spec_min_replicas', 1],
      ['kube_horizontalpodautoscaler_spec_max_replicas', 4],
      ['kube_horizontalpodautoscaler_status_current_replicas', 2],
      ['kube_horizontalpodautoscaler_status_desired_replicas', 3],
    ] as const) {
      expect(sumWhere(families, name, hpa)).toBe(value);
    }
    const targets = families.find(
      f => f.name === 'kube_horizontalpodautoscaler_spec_target_metric',
    )!;
    expect(targets.samples.map(s => Object.fromEntries(s.labels))).toEqual([
      { ...hpa, metric_name: 'cpu', metric_target_type: 'utilization' },
      { ...hpa, metric_name: 'memory', metric_target_type: 'average' },
      { ...hpa, metric_name: 'queue_depth', metric_target_type: 'value' },
    ]);
    expect(targets.samples.map(s => s.value)).toEqual([
      60,
      256 * 1024 ** 2,
      30,
    ]);
    expect(
      sumWhere(families, 'kube_horizontalpodautoscaler_info', {
        ...hpa,
        scaletargetref_kind: 'Deployment',
        scaletargetref_name: 'cart',
      }),
    ).toBe(1);
  });
});
