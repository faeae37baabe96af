import { Permission } from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { opsMutationPermissions } from '@internal/plugin-ops-common';

/**
 * Who may be granted a permission the policy names.
 *
 * - `signed-in`: every signed-in user.
 * - `entity-owner`: admin group members; others only on catalog entities they own.
 * - `task-initiator`: admin group members; others only on scaffolder tasks they started.
 * - `admin`: admin group members only.
 *
 * A permission the policy does not name is denied to everyone.
 * @public
 */
export type PermissionRule =
  | 'signed-in'
  | 'entity-owner'
  | 'task-initiator'
  | 'admin';

/**
 * Open to every signed-in user: reading the catalog, running templates, the cluster views.
 * Search declares no permission of its own (its results are filtered with `catalog.entity.read`);
 * notifications, signals and user settings declare none either (each user only sees their own).
 * @public
 */
export const signedInPermissions: Permission[] = [
  // Catalog reads. Locations are listed by the catalog pages and carry no secret.
  catalogEntityReadPermission,
  catalogLocationReadPermission,
  // Re-reading an entity from its own source is what the catalog does on its schedule anyway.
  catalogEntityRefreshPermission,
  // Checked by no backend route: it only shows the catalog's "Create" button (to the templates).
  catalogEntityCreatePermission,
  // Scaffolder use: see the template form, run it, run its actions as the initiator.
  templateParameterReadPermission,
  templateStepReadPermission,
  taskCreatePermission,
  actionExecutePermission,
  // Kubernetes views: clusters and an entity's objects through the portal's read credential.
  kubernetesClustersReadPermission,
  kubernetesResourcesReadPermission,
];

/**
 * Owner-or-admin: changes to one catalog entity or to what it runs (conditional decisions
 * evaluated by the catalog against the entity's `ownedBy` relation).
 * @public
 */
export const entityOwnerPermissions: Permission[] = [
  // The portal's own mutations: traffic split, resilience policy, Argo CD sync and rollback.
  ...opsMutationPermissions,
  // Unregistering one entity.
  catalogEntityDeletePermission,
];

/**
 * Initiator-or-admin: a scaffolder task's log, events, cancellation and retry (conditional
 * decisions evaluated by the scaffolder against the task's `createdBy`). Retry needs
 * `scaffolder.task.read` on the task, so nobody re-runs someone else's task.
 * @public
 */
export const taskInitiatorPermissions: Permission[] = [
  taskReadPermission,
  taskCancelPermission,
];

/**
 * Admins only.
 * @public
 */
export const adminOnlyPermissions: Permission[] = [
  // Registering, changing or deleting a location decides which entities exist and who owns them.
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  // Analysing a location and validating a posted entity read URLs with the portal's integration
  // credentials on input the caller chooses; only the catalog import pages use them.
  catalogLocationAnalyzePermission,
  catalogEntityValidatePermission,
  // Catalog ingestion status and providers: catalog administration.
  catalogIngestionReadPermission,
  catalogIngestionManagePermission,
  // /api/kubernetes/proxy sends any request to the cluster with the portal's service account.
  kubernetesProxyPermission,
  // Running templates written in the editor (not from the catalog) and the template editor.
  templateDryRunPermission,
  templateManagementPermission,
];

/**
 * The rule of every permission the policy names, by permission name. Throws when a name appears
 * in two groups, so a permission cannot be both open and restricted.
 * @public
 */
export function buildPermissionTable(
  groups: Record<PermissionRule, Permission[]>,
): ReadonlyMap<string, PermissionRule> {
  const table = new Map<string, PermissionRule>();
  for (const [rule, permissions] of Object.entries(groups) as Array<
    [PermissionRule, Permission[]]
  >) {
    for (const { name } of permissions) {
      const existing = table.get(name);
      if (existing && existing !== rule) {
        throw new Error(
          `Permission '${name}' is named as both '${existing}' and '${rule}'`,
        );
      }
      table.set(name, rule);
    }
  }
  return table;
}

/**
 * The portal's permission table.
 * @public
 */
export const opsPermissionTable: ReadonlyMap<string, PermissionRule> =
  buildPermissionTable({
    'signed-in': signedInPermissions,
    'entity-owner': entityOwnerPermissions,
    'task-initiator': taskInitiatorPermissions,
    admin: adminOnlyPermissions,
  });
