import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  isDns1123Label,
  isDns1123Subdomain,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OPS_ANNOTATIONS,
  OpsNotConfigured,
  ownerEntityRef,
} from '@internal/plugin-ops-common';
import {
  invalidAnnotation,
  missingAnnotation,
  OpsEntityCache,
  resolveOpsEntity,
} from '@internal/plugin-ops-node';
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
  /** `spec.owner` as a full entity ref (`group:default/team-a`); undefined when missing or invalid. */
  owner?: string;
}

/** An annotation, its value and the test the value must pass. */
type NameCheck = [string, string, (value: string) => boolean];

/** The traffic body of the shared not-configured answer, with the reason the editor shows. */
function notConfigured(
  reason: TrafficNotConfigured['notConfigured']['reason'],
  body: OpsNotConfigured,
): TrafficNotConfigured {
  return {
    notConfigured: {
      reason,
      annotation: body.missingAnnotation,
      message: body.message,
    },
  };
}

/**
 * Resolves an entity ref to its traffic target: one catalog read through the shared resolver with
 * the caller's credentials (an entity the caller may not see is a 404, like one that does not
 * exist). Missing
 * or malformed annotations are a {@link TrafficNotConfigured} answer, not an error.
 */
export class EntityTrafficTargets {
  constructor(
    private readonly catalog: CatalogService,
    /** The entity reads shared with the other ops backends of the process. */
    private readonly entityCache?: OpsEntityCache,
  ) {}

  /**
   * `shared`: the read may come from the process' shared entity reads (the card's state); an
   * edit leaves it out, so its owner check sees the entity as it is now.
   */
  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { shared?: boolean } = {},
  ): Promise<TrafficTarget | TrafficNotConfigured> {
    const { entityRef: ref, entity } = await resolveOpsEntity({
      catalog: this.catalog,
      credentials,
      entityRef,
      cache: options.shared ? this.entityCache : undefined,
    });
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
      missingAnnotation(
        entityRef,
        KUBERNETES_ID_ANNOTATION,
        'the traffic editor finds the VirtualService and DestinationRule through it',
      ),
    );
  }
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] ?? 'default';
  const argoCdApp = annotations[ARGOCD_APP_NAME_ANNOTATION]?.trim();
  // Every name below ends up in a Kubernetes or Argo CD URL path.
  const checks: NameCheck[] = [
    [KUBERNETES_ID_ANNOTATION, kubernetesId, isDns1123Label],
    [KUBERNETES_NAMESPACE_ANNOTATION, namespace, isDns1123Label],
    [
      OPS_ANNOTATIONS.istioVirtualService,
      annotations[OPS_ANNOTATIONS.istioVirtualService] ?? kubernetesId,
      isDns1123Subdomain,
    ],
    [
      OPS_ANNOTATIONS.istioDestinationRule,
      annotations[OPS_ANNOTATIONS.istioDestinationRule] ?? kubernetesId,
      isDns1123Subdomain,
    ],
    ...(argoCdApp
      ? [
          [
            ARGOCD_APP_NAME_ANNOTATION,
            argoCdApp,
            isDns1123Subdomain,
          ] satisfies NameCheck,
        ]
      : []),
  ];
  for (const [annotation, value, isValid] of checks) {
    if (!isValid(value)) {
      return notConfigured(
        'invalid-annotation',
        invalidAnnotation(
          entityRef,
          annotation,
          value,
          'it must be a Kubernetes name (DNS-1123)',
        ),
      );
    }
  }
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
    owner: ownerEntityRef(
      entity.spec?.owner,
      entity.metadata.namespace ?? 'default',
    ),
  };
}
