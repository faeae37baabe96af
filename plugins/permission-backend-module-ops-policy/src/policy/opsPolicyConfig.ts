import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ownerEntityRef } from '@internal/plugin-ops-common';

/**
 * The settings of the ops permission policy, read from `permission.opsPolicy`.
 * @public
 */
export interface OpsPolicyConfig {
  /** Normalized entity refs (lower case, `group:<namespace>/<name>`) of the admin groups. */
  adminGroups: string[];
}

/**
 * An admin group's ref as ops-common's `ownerEntityRef` normalizes ownership refs (kind and
 * namespace default to `group` and `default`, lower case as the catalog compares them), or an
 * InputError naming the malformed ref.
 */
export function adminGroupRef(ref: string): string {
  const normalized = ownerEntityRef(ref);
  if (!normalized) {
    throw new InputError(
      `Invalid entity ref '${ref}' in permission.opsPolicy.adminGroups`,
    );
  }
  return normalized;
}

/**
 * Reads `permission.opsPolicy`. A missing `adminGroups` means no admin group: only owners may mutate.
 * @public
 */
export function readOpsPolicyConfig(config: Config): OpsPolicyConfig {
  const refs =
    config.getOptionalStringArray('permission.opsPolicy.adminGroups') ?? [];
  return { adminGroups: refs.map(adminGroupRef) };
}
