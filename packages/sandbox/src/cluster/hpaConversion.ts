import { KubeObject } from './types';

function cpuUtilization(metrics: unknown): number | undefined {
  if (!Array.isArray(metrics)) return undefined;
  const cpu = metrics.find(
    (m: any) =>
      m?.type === 'Resource' &&
      m.resource?.name === 'cpu' &&
      m.resource?.target?.type === 'Utilization',
  );
  return cpu?.resource?.target?.averageUtilization;
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler as the API server serves it at autoscaling/v1: the
 * CPU utilization target and current value become `targetCPUUtilizationPercentage` and
 * `currentCPUUtilizationPercentage`; other metrics and conditions have no v1 field.
 */
export function hpaV2ToV1(object: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = object.spec ?? {};
  const target = cpuUtilization(metrics);
  const v1: KubeObject = {
    ...object,
    spec: {
      ...spec,
      ...(target !== undefined && { targetCPUUtilizationPercentage: target }),
    },
  };
  if (object.status !== undefined) {
    const status = object.status ?? {};
    const current = Array.isArray(status.currentMetrics)
      ? cpuUtilization(
          status.currentMetrics.map((m: any) => ({
            type: m?.type,
            resource: m?.resource && {
              name: m.resource.name,
              target: {
                type: 'Utilization',
                averageUtilization: m.resource.current?.averageUtilization,
              },
            },
          })),
        )
      : undefined;
    v1.status = {
      ...(status.observedGeneration !== undefined && {
        observedGeneration: status.observedGeneration,
      }),
      ...(status.lastScaleTime !== undefined && {
        lastScaleTime: status.lastScaleTime,
      }),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(current !== undefined && {
        currentCPUUtilizationPercentage: current,
      }),
    };
  }
  return v1;
}

/** An autoscaling/v1 HorizontalPodAutoscaler written by a client, as the v2 object stored. */
export function hpaV1ToV2(object: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage, ...spec } = object.spec ?? {};
  return {
    ...object,
    spec: {
      ...spec,
      ...(typeof targetCPUUtilizationPercentage === 'number' && {
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: {
                type: 'Utilization',
                averageUtilization: targetCPUUtilizationPercentage,
              },
            },
          },
        ],
      }),
    },
  };
}
