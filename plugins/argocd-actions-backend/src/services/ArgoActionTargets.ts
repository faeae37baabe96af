import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  isDns1123Subdomain,
  OpsNotConfigured,
  ownerEntityRef,
} from '@internal/plugin-ops-common';
import {
  invalidAnnotation,
  missingAnnotation,
  OpsEntityCache,
  resolveOpsEntity,
} from '@internal/plugin-ops-node';

/** The Argo CD Application of one catalog entity. */
export interface ArgoActionTarget {
  /** The normalized entity ref, `kind:namespace/name`. */
  entityRef: string;
  /** `metadata.name`, for commit messages. */
  entityName: string;
  /** The Application named by `argocd/app-name`. */
  application: string;
  /**
   * `spec.owner` as a full entity ref (`group:default/team-a`); undefined when missing or
   * invalid. The Application must be marked as this owner's before anything acts on it.
   */
  owner?: string;
}

/**
 * Resolves an entity ref to its Application: one catalog read through ops-node's resolver with
 * the caller's credentials (an entity the caller may not see is a 404, like one that does not
 * exist). An entity without a valid `argocd/app-name` annotation is the ops "not configured"
 * answer, not an error.
 */
export class ArgoActionTargets {
  constructor(
    private readonly catalog: CatalogService,
    /** The entity reads shared with the other ops backends of the process. */
    private readonly entityCache?: OpsEntityCache,
  ) {}

  /**
   * `shared`: the read may come from the process' shared entity reads (the card's state); an
   * action leaves it out, so its owner check sees the entity as it is now.
   */
  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { shared?: boolean } = {},
  ): Promise<ArgoActionTarget | OpsNotConfigured> {
    const resolved = await resolveOpsEntity({
      catalog: this.catalog,
      credentials,
      entityRef,
      cache: options.shared ? this.entityCache : undefined,
    });
    const application =
      resolved.entity.metadata.annotations?.[
        ARGOCD_APP_NAME_ANNOTATION
      ]?.trim();
    if (!application) {
      return missingAnnotation(
        resolved.entityRef,
        ARGOCD_APP_NAME_ANNOTATION,
        'the Argo CD actions act on the Application it names',
      );
    }
    // The name ends up in Argo CD URL paths.
    if (!isDns1123Subdomain(application)) {
      return invalidAnnotation(
        resolved.entityRef,
        ARGOCD_APP_NAME_ANNOTATION,
        application,
        'it must be an Argo CD Application name (DNS-1123)',
      );
    }
    return {
      entityRef: resolved.entityRef,
      entityName: resolved.entity.metadata.name,
      application,
      owner: ownerEntityRef(
        resolved.entity.spec?.owner,
        resolved.entity.metadata.namespace ?? 'default',
      ),
    };
  }
}
