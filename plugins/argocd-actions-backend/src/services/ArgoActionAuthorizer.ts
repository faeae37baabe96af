import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  opsArgoCdRollbackPermission,
  opsArgoCdSyncPermission,
} from '@internal/plugin-ops-common';

/** The actions on an Application; each is checked against one permission. */
export type ArgoAction = 'sync' | 'refresh' | 'cancel' | 'rollback';

const PERMISSION: Record<ArgoAction, ResourcePermission<'catalog-entity'>> = {
  sync: opsArgoCdSyncPermission,
  refresh: opsArgoCdSyncPermission,
  cancel: opsArgoCdSyncPermission,
  rollback: opsArgoCdRollbackPermission,
};

const VERB: Record<ArgoAction, string> = {
  sync: 'sync',
  refresh: 'refresh',
  cancel: 'cancel the operation of',
  rollback: 'roll back',
};

/**
 * The permission check of an Argo CD action, on the catalog entity (a resource permission, so
 * the policy can answer with a conditional decision: owners and the admin groups, which the
 * permission framework evaluates against the entity): sync, refresh and cancel need
 * `ops.argocd.sync`, a rollback and its preview `ops.argocd.rollback`. Runs before Argo CD or
 * the GitOps repository is asked anything.
 */
export class ArgoActionAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws NotAllowedError naming the permission when the caller does not hold it. */
  async authorize(
    action: ArgoAction,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const permission = PERMISSION[action];
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${VERB[action]} the Argo CD Application of ${entityRef} (${permission.name}): only its owners and the admin groups may`,
      );
    }
  }
}
