import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OPS_ANNOTATIONS,
} from '@internal/plugin-ops-common';
import { TrafficNotConfigured } from './types';

/** The platform objects of one entity the traffic editor works on. */
export interface TrafficTarget {
  entityRef: string;
  /** `metadata.name`, for commit messages and branch names. */
  entityName: string;
  namespace: string;
  kubernetesId: string;
  virtualServiceName: string;
  destinationRuleName: string;
  /** `argocd/app-name`, when the entity names its Application. */
  argoCdApp?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function notConfigured(
  reason: TrafficNotConfigured['notConfigured']['reason'],
  annotation: string,
  message: string,
): TrafficNotConfigured {
  return { notConfigured: { reason, annotation, message } };
}

/**
 * Resolves an entity ref to its traffic target through the catalog with the caller's
 * credentials (an entity the caller may not see is a 404, like one that does not exist). Missing
 * or malformed annotations are a {@link TrafficNotConfigured} answer, not an error.
 */
export class EntityTrafficTargets {
  constructor(private readonly catalog: CatalogService) {}

  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<TrafficTarget | TrafficNotConfigured> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(
        `Invalid entityRef '${entityRef}': ${(error as Error).message}`,
      );
    }
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    return targetOf(ref, entity);
  }
}

function targetOf(
  entityRef: string,
  entity: Entity,
): TrafficTarget | TrafficNotConfigured {
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
  if (!kubernetesId) {
    return notConfigured(
      'missing-annotation',
      KUBERNETES_ID_ANNOTATION,
      `${entityRef} has no ${KUBERNETES_ID_ANNOTATION} annotation: the traffic editor finds the VirtualService and DestinationRule through it`,
    );
  }
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] ?? 'default';
  const checks: Array<[string, string, RegExp]> = [
    [KUBERNETES_ID_ANNOTATION, kubernetesId, DNS1123_LABEL],
    [KUBERNETES_NAMESPACE_ANNOTATION, namespace, DNS1123_LABEL],
    [
      OPS_ANNOTATIONS.istioVirtualService,
      annotations[OPS_ANNOTATIONS.istioVirtualService] ?? kubernetesId,
      DNS1123_SUBDOMAIN,
    ],
    [
      OPS_ANNOTATIONS.istioDestinationRule,
      annotations[OPS_ANNOTATIONS.istioDestinationRule] ?? kubernetesId,
      DNS1123_SUBDOMAIN,
    ],
  ];
  for (const [annotation, value, pattern] of checks) {
    if (!pattern.test(value)) {
      return notConfigured(
        'invalid-annotation',
        annotation,
        `${entityRef} has an invalid ${annotation} annotation '${value}': it must be a Kubernetes name (DNS-1123)`,
      );
    }
  }
  const argoCdApp = annotations[ARGOCD_APP_NAME_ANNOTATION]?.trim();
  return {
    entityRef,
    entityName: entity.metadata.name,
    namespace,
    kubernetesId,
    virtualServiceName:
      annotations[OPS_ANNOTATIONS.istioVirtualService] ?? kubernetesId,
    destinationRuleName:
      annotations[OPS_ANNOTATIONS.istioDestinationRule] ?? kubernetesId,
    argoCdApp: argoCdApp || undefined,
  };
}
