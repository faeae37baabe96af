import { KubeObject } from '../cluster/types';

/** Argo CD's health statuses. */
export type HealthStatusCode =
  | 'Healthy'
  | 'Suspended'
  | 'Progressing'
  | 'Missing'
  | 'Degraded'
  | 'Unknown';

/** A resource's health as Argo CD reports it. */
export interface HealthStatus {
  status: HealthStatusCode;
  message?: string;
}

/** Argo CD's order: an Application is as unhealthy as its least healthy resource. */
const SEVERITY: HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

function deploymentHealth(deployment: KubeObject): HealthStatus {
  const spec = deployment.spec ?? {};
  const status = deployment.status ?? {};
  if (spec.paused) {
    return { status: 'Suspended', message: 'Deployment is paused' };
  }
  const deadlineExceeded = (status.conditions ?? []).some(
    (c: any) =>
      c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (deadlineExceeded) {
    return {
      status: 'Degraded',
      message: `Deployment "${deployment.metadata.name}" exceeded its progress deadline`,
    };
  }
  if (
    status.observedGeneration !== undefined &&
    status.observedGeneration < (deployment.metadata.generation ?? 0)
  ) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  const wanted = spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? status.readyReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? ready;
  if (updated < wanted) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${wanted} new replicas have been updated...`,
    };
  }
  if (Math.min(ready, available) < wanted) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${Math.min(
        ready,
        available,
      )} of ${wanted} updated replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}

function serviceHealth(service: KubeObject): HealthStatus {
  if (
    service.spec?.type === 'LoadBalancer' &&
    !service.status?.loadBalancer?.ingress?.length
  ) {
    return { status: 'Progressing' };
  }
  return { status: 'Healthy' };
}

/**
 * The health of one live object, following Argo CD's built-in checks for the kinds the demo uses.
 * Kinds Argo CD has no check for return undefined and do not affect the Application's health.
 * Ingresses count as Healthy: the sandbox has no load balancer to fill their status.
 */
export function resourceHealth(
  kind: string,
  live: KubeObject | undefined,
): HealthStatus | undefined {
  if (!live) {
    return { status: 'Missing' };
  }
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return deploymentHealth(live);
    case 'Service':
      return serviceHealth(live);
    case 'Ingress':
    case 'HorizontalPodAutoscaler':
    case 'PersistentVolumeClaim':
      return { status: 'Healthy' };
    default:
      return undefined;
  }
}

/** The Application's health: the worst of its resources', Healthy when it has none. */
export function aggregateHealth(
  healths: Array<HealthStatus | undefined>,
): HealthStatusCode {
  let worst = 0;
  for (const health of healths) {
    if (health) {
      worst = Math.max(worst, SEVERITY.indexOf(health.status));
    }
  }
  return SEVERITY[worst];
}
