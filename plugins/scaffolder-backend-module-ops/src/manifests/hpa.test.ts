import { exampleRequest } from './__fixtures__/serviceRequest';
import { buildHorizontalPodAutoscaler } from './hpa';

const cpu = (averageUtilization: number) => ({
  type: 'Resource',
  resource: {
    name: 'cpu',
    target: { type: 'Utilization', averageUtilization },
  },
});
const memory = (averageUtilization: number) => ({
  type: 'Resource',
  resource: {
    name: 'memory',
    target: { type: 'Utilization', averageUtilization },
  },
});

describe('buildHorizontalPodAutoscaler', () => {
  it.each([
    [
      'CPU and memory targets',
      {
        minReplicas: 2,
        maxReplicas: 6,
        cpuTargetPercent: 70,
        memoryTargetPercent: 80,
      },
      [cpu(70), memory(80)],
    ],
    [
      'a CPU target only',
      { minReplicas: 1, maxReplicas: 3, cpuTargetPercent: 50 },
      [cpu(50)],
    ],
  ])('scales the Deployment on %s', (_case, autoscaling, metrics) => {
    const hpa = buildHorizontalPodAutoscaler(exampleRequest({ autoscaling }));
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata).toMatchObject({
      name: 'orders',
      namespace: 'orders',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    });
    expect(hpa.spec).toEqual({
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'orders',
      },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics,
    });
  });
});
