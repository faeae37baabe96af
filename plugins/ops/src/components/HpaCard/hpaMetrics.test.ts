import { driverHpa, queueHpa } from './hpaFixtures';
import { describeHpaMetrics, formatTarget, hpaProblems } from './hpaMetrics';

describe('describeHpaMetrics', () => {
  it('pairs CPU, memory and a custom pods metric with their current values', () => {
    expect(describeHpaMetrics(driverHpa)).toEqual([
      {
        type: 'Resource',
        name: 'cpu',
        scope: 'average over pods',
        target: '70% of request',
        current: '85% (425m)',
      },
      {
        type: 'Resource',
        name: 'memory',
        scope: 'average over pods',
        target: '512Mi (average)',
        current: '300Mi',
      },
      {
        type: 'Pods',
        name: 'http_requests_per_second',
        scope: 'average per pod',
        target: '100 (average)',
        current: '120',
      },
    ]);
  });

  it('covers object, external and container metrics, some without a value yet', () => {
    expect(describeHpaMetrics(queueHpa)).toEqual([
      {
        type: 'Object',
        name: 'requests_per_second',
        scope: 'Ingress/driver',
        target: '2k',
        current: '1500',
      },
      {
        type: 'External',
        name: 'queue_messages_ready',
        scope: 'external (queue=rides)',
        target: '30 (average)',
        current: undefined,
      },
      {
        type: 'ContainerResource',
        name: 'cpu',
        scope: 'container worker',
        target: '60% of request',
        current: undefined,
      },
    ]);
  });

  it('returns no rows for an HPA without metrics', () => {
    expect(describeHpaMetrics({ spec: { maxReplicas: 3 } })).toEqual([]);
  });
});

describe('formatTarget', () => {
  it.each([
    [{ type: 'Utilization', averageUtilization: 50 }, '50% of request'],
    [{ type: 'AverageValue', averageValue: '1Gi' }, '1Gi (average)'],
    [{ type: 'Value', value: 10 }, '10'],
    [undefined, '–'],
  ])('%p → %s', (target, expected) =>
    expect(formatTarget(target)).toBe(expected),
  );
});

describe('hpaProblems', () => {
  it('reports the conditions that stop or limit scaling', () => {
    expect(hpaProblems(driverHpa)).toEqual([]);
    expect(hpaProblems(queueHpa)).toEqual([
      'ScalingLimited: TooManyReplicas – the desired replica count is more than the maximum replica count',
    ]);
  });
});
