import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isOpsNotConfigured,
  OPS_ANNOTATIONS,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import {
  opsKongServiceNames,
  OpsEntityCache,
  opsKubernetesTarget,
  resolveOpsEntity,
} from '@internal/plugin-ops-node';
import { PrometheusInstance, PrometheusInstances } from './PrometheusInstances';

/** What the metrics of one entity are read from. @public */
export interface EntityMetricsTarget {
  entityRef: string;
  namespace: string;
  /** The entity's kubernetes-id: Service, Deployment and HPA name. */
  kubernetesId: string;
  /** Names from `ops-portal/kong-service`; empty for the KIC default. */
  kongServiceNames: string[];
  instance: PrometheusInstance;
  /** The raw `ops-portal/canary-thresholds` annotation, when set. */
  canaryThresholds?: string;
}

/**
 * Resolves an entity ref to its metrics target: one catalog read through the shared resolver,
 * with the caller's credentials, so users only see metrics of entities they may read. A missing
 * or invalid annotation is the shared not-configured answer.
 * @public
 */
export class EntityTargets {
  constructor(
    private readonly catalog: CatalogService,
    private readonly instances: PrometheusInstances,
    /** The entity reads shared with the other ops backends of the process. */
    private readonly entityCache?: OpsEntityCache,
  ) {}

  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityMetricsTarget | OpsNotConfigured> {
    const resolved = await resolveOpsEntity({
      catalog: this.catalog,
      credentials,
      entityRef,
      cache: this.entityCache,
    });
    const target = opsKubernetesTarget(
      resolved,
      'the metrics queries select its Service, Deployment and HPA by it',
    );
    if (isOpsNotConfigured(target)) return target;
    const kongServiceNames = opsKongServiceNames(resolved);
    if (isOpsNotConfigured(kongServiceNames)) return kongServiceNames;
    const annotations = resolved.entity.metadata.annotations ?? {};
    const canaryThresholds = annotations[OPS_ANNOTATIONS.canaryThresholds];
    return {
      entityRef: resolved.entityRef,
      ...target,
      kongServiceNames,
      instance: this.instances.pick(
        annotations[OPS_ANNOTATIONS.prometheusInstance],
      ),
      ...(canaryThresholds === undefined ? {} : { canaryThresholds }),
    };
  }
}
