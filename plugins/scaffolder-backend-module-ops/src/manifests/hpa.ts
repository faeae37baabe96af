import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  HorizontalPodAutoscaler,
  IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2';
import { serviceLabels } from './labels';
import { validatedObject } from './validated';

type MetricSpec = NonNullable<
  NonNullable<IHorizontalPodAutoscaler['spec']>['metrics']
>[number];

function utilization(
  name: 'cpu' | 'memory',
  averageUtilization: number,
): MetricSpec {
  return {
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  };
}

/**
 * The autoscaling/v2 HorizontalPodAutoscaler of the service's Deployment: min/max replicas, a
 * CPU utilization target and, when requested, a memory one (both relative to the requests).
 * @public
 */
export function buildHorizontalPodAutoscaler(
  request: ServiceRequest,
): IHorizontalPodAutoscaler {
  const { minReplicas, maxReplicas, cpuTargetPercent, memoryTargetPercent } =
    request.autoscaling;
  const metrics = [utilization('cpu', cpuTargetPercent)];
  if (memoryTargetPercent !== undefined) {
    metrics.push(utilization('memory', memoryTargetPercent));
  }
  return validatedObject(
    new HorizontalPodAutoscaler({
      metadata: {
        name: request.name,
        namespace: request.namespace,
        labels: serviceLabels(request),
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: request.name,
        },
        minReplicas,
        maxReplicas,
        metrics,
      },
    }),
  );
}
