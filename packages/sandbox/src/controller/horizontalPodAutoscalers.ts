import { kubeTimestamp } from '../cluster/kubeNames';
import { millicores } from '../cluster/quantities';
import { ClusterStore, KubeObject } from '../cluster/types';
import { condition, requireType, writeStatus } from './controllerSupport';

/** The utilization every sandbox workload reports: fixed, so that HPA status is deterministic. */
export const SANDBOX_UTILIZATION_PERCENT = 35;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function bounds(hpa: KubeObject): { min: number; max: number } {
  const min = hpa.spec?.minReplicas ?? 1;
  return { min, max: Math.max(min, hpa.spec?.maxReplicas ?? min) };
}

function findTarget(store: ClusterStore, hpa: KubeObject) {
  const ref = hpa.spec?.scaleTargetRef;
  const type = ref && store.typeFor(ref.apiVersion ?? 'apps/v1', ref.kind);
  const target = type && store.get(type, hpa.metadata.namespace, ref.name);
  return target && { type, target };
}

/** A plausible average value for a resource metric at the sandbox utilization. */
function averageValue(resource: string, target: KubeObject): string {
  const containers = target.spec?.template?.spec?.containers ?? [];
  if (resource === 'cpu') {
    const requested = containers
      .map((c: any) => millicores(c.resources?.requests?.cpu))
      .reduce((sum: number, m: number | undefined) => sum + (m ?? 100), 0);
    return `${Math.round(
      ((requested || 100) * SANDBOX_UTILIZATION_PERCENT) / 100,
    )}m`;
  }
  return '64Mi';
}

/**
 * Keeps each HPA's scale target within [minReplicas, maxReplicas]. Runs before the workload
 * controllers so that pods follow in the same pass.
 */
export function scaleHpaTargets(store: ClusterStore): void {
  const type = requireType(store, 'autoscaling/v2', 'HorizontalPodAutoscaler');
  for (const hpa of store.list(type)) {
    const found = findTarget(store, hpa);
    if (!found) continue;
    const { min, max } = bounds(hpa);
    const current = found.target.spec?.replicas ?? 1;
    const desired = clamp(current, min, max);
    if (desired !== current) {
      store.update({
        ...found.target,
        spec: { ...found.target.spec, replicas: desired },
      });
      const fresh = store.get(type, hpa.metadata.namespace, hpa.metadata.name)!;
      writeStatus(store, fresh, {
        ...fresh.status,
        lastScaleTime: kubeTimestamp(),
      });
    }
  }
}

/** Writes each HPA's status: replica counts, the fixed sandbox utilization, and conditions. */
export function updateHpaStatuses(store: ClusterStore): void {
  const type = requireType(store, 'autoscaling/v2', 'HorizontalPodAutoscaler');
  for (const hpa of store.list(type)) {
    const previous = hpa.status?.conditions;
    const found = findTarget(store, hpa);
    if (!found) {
      writeStatus(store, hpa, {
        ...hpa.status,
        conditions: [
          condition(previous, {
            type: 'AbleToScale',
            status: 'False',
            reason: 'FailedGetScale',
            message: `the HPA controller was unable to get the target's current scale: ${
              hpa.spec?.scaleTargetRef?.kind ?? 'target'
            } "${hpa.spec?.scaleTargetRef?.name}" not found`,
          }),
        ],
      });
      continue;
    }
    const { min, max } = bounds(hpa);
    const current =
      found.target.status?.replicas ?? found.target.spec?.replicas ?? 1;
    const desired = clamp(
      Math.max(min, found.target.spec?.replicas ?? 1),
      min,
      max,
    );
    const currentMetrics = (hpa.spec?.metrics ?? [])
      .filter((m: any) => m.type === 'Resource' && m.resource?.name)
      .map((m: any) => ({
        type: 'Resource',
        resource: {
          name: m.resource.name,
          current: {
            averageUtilization: SANDBOX_UTILIZATION_PERCENT,
            averageValue: averageValue(m.resource.name, found.target),
          },
        },
      }));
    writeStatus(store, hpa, {
      observedGeneration: hpa.metadata.generation,
      lastScaleTime:
        hpa.status?.lastScaleTime ?? hpa.metadata.creationTimestamp,
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics,
      conditions: [
        condition(previous, {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        }),
        condition(previous, {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        }),
        condition(previous, {
          type: 'ScalingLimited',
          status: 'False',
          reason: 'DesiredWithinRange',
          message: 'the desired count is within the acceptable range',
        }),
      ],
    });
  }
}
