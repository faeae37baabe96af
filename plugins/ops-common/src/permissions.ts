import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Change the traffic split (route weights) of an entity's Istio VirtualService.
 * Resource permission on the catalog entity: allowed to its owners or the admin group.
 * @public
 */
export const opsTrafficUpdatePermission = createPermission({
  name: 'ops.traffic.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Change an entity's resilience policy (faults, retries, timeouts, circuit breaking). @public */
export const opsResiliencePolicyUpdatePermission = createPermission({
  name: 'ops.resilience.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Ask Argo CD to sync the entity's Application. @public */
export const opsArgoCdSyncPermission = createPermission({
  name: 'ops.argocd.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Roll the entity's Argo CD Application back to an earlier revision. @public */
export const opsArgoCdRollbackPermission = createPermission({
  name: 'ops.argocd.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every mutation permission the ops portal declares; all of them are owner-or-admin. @public */
export const opsMutationPermissions = [
  opsTrafficUpdatePermission,
  opsResiliencePolicyUpdatePermission,
  opsArgoCdSyncPermission,
  opsArgoCdRollbackPermission,
];
