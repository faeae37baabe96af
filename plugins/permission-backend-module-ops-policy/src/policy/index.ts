export { OpsPermissionPolicy } from './OpsPermissionPolicy';
export type {
  DenialReason,
  OpsPermissionPolicyOptions,
} from './OpsPermissionPolicy';
export { readOpsPolicyConfig } from './opsPolicyConfig';
export type { OpsPolicyConfig } from './opsPolicyConfig';
export {
  adminOnlyPermissions,
  buildPermissionTable,
  entityOwnerPermissions,
  opsPermissionTable,
  signedInPermissions,
  taskInitiatorPermissions,
} from './permissionTable';
export type { PermissionRule } from './permissionTable';
