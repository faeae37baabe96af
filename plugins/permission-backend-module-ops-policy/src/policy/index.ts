export { OpsPermissionPolicy } from './OpsPermissionPolicy';
export type { OpsPermissionPolicyOptions } from './OpsPermissionPolicy';
export { readOpsPolicyConfig, normalizeOwnershipRef } from './opsPolicyConfig';
export type { OpsPolicyConfig } from './opsPolicyConfig';
