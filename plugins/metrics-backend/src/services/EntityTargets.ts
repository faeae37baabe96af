import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  kubernetesTargetForEntity,
  OPS_ANNOTATIONS,
  parseKongServiceAnnotation,
} from '@internal/plugin-ops-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
}

/** The entity has no `backstage.io/kubernetes-id`. @public */
export interface MissingKubernetesId {
  missingAnnotation: typeof KUBERNETES_ID_ANNOTATION;
}

/**
 * Resolves an entity ref to its metrics target through the catalog, with the caller's
 * credentials, so users only see metrics of entities they may read.
 * @public
 */
export class EntityTargets {
  constructor(
    private readonly catalog: CatalogService,
    private readonly instances: PrometheusInstances,
  ) {}

  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityMetricsTarget | MissingKubernetesId> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (error) {
      throw new InputError(
        `Invalid entityRef '${entityRef}': ${(error as Error).message}`,
      );
    }
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    return this.forEntity(ref, entity);
  }

  private forEntity(
    entityRef: string,
    entity: Entity,
  ): EntityMetricsTarget | MissingKubernetesId {
    const annotations = entity.metadata.annotations ?? {};
    if (!annotations[KUBERNETES_ID_ANNOTATION]) {
      return { missingAnnotation: KUBERNETES_ID_ANNOTATION };
    }
    const target = kubernetesTargetForEntity(entity);
    if (!target) {
      throw new InputError(
        `${entityRef} has an invalid ${KUBERNETES_ID_ANNOTATION} or namespace annotation (each must be a DNS-1123 label)`,
      );
    }
    return {
      entityRef,
      ...target,
      kongServiceNames: parseKongServiceAnnotation(
        annotations[OPS_ANNOTATIONS.kongService],
      ),
      instance: this.instances.pick(
        annotations[OPS_ANNOTATIONS.prometheusInstance],
      ),
    };
  }
}

/** True when {@link EntityTargets.resolve} found no kubernetes-id. @public */
export function isMissingKubernetesId(
  value: EntityMetricsTarget | MissingKubernetesId,
): value is MissingKubernetesId {
  return 'missingAnnotation' in value;
}
