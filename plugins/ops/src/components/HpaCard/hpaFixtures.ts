import type { HpaObject } from './hpaMetrics';

/**
 * An autoscaling/v2 HPA as the Kubernetes API returns it: CPU utilization, memory average value
 * and a custom per-pod metric (from a metrics adapter), with the status the controller wrote.
 */
export const driverHpa: HpaObject & { apiVersion: string; kind: string } = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'driver', namespace: 'drivers' },
  spec: {
    scaleTargetRef: { kind: 'Deployment', name: 'driver' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
      {
        type: 'Resource',
        resource: {
          name: 'memory',
          target: { type: 'AverageValue', averageValue: '512Mi' },
        },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          target: { type: 'AverageValue', averageValue: '100' },
        },
      },
    ],
  },
  status: {
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: 85, averageValue: '425m' },
        },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', current: { averageValue: '300Mi' } },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          current: { averageValue: '120' },
        },
      },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
    ],
  },
};

/** Metrics with an Object and an External source, one of them without a current value yet. */
export const queueHpa: HpaObject = {
  metadata: { name: 'queue-worker', namespace: 'drivers' },
  spec: {
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      {
        type: 'Object',
        object: {
          metric: { name: 'requests_per_second' },
          describedObject: { kind: 'Ingress', name: 'driver' },
          target: { type: 'Value', value: '2k' },
        },
      },
      {
        type: 'External',
        external: {
          metric: {
            name: 'queue_messages_ready',
            selector: { matchLabels: { queue: 'rides' } },
          },
          target: { type: 'AverageValue', averageValue: '30' },
        },
      },
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'worker',
          target: { type: 'Utilization', averageUtilization: 60 },
        },
      },
    ],
  },
  status: {
    currentReplicas: 5,
    desiredReplicas: 5,
    currentMetrics: [
      {
        type: 'Object',
        object: {
          metric: { name: 'requests_per_second' },
          describedObject: { kind: 'Ingress', name: 'driver' },
          current: { value: '1500' },
        },
      },
    ],
    conditions: [
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
      },
    ],
  },
};
