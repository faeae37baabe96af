import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The settings of the ops permission policy, read from `permission.opsPolicy`.
 * @public
 */
export interface OpsPolicyConfig {
  /** Normalized entity refs (lower case, `group:<namespace>/<name>`) of the admin groups. */
  adminGroups: string[];
}

/**
 * Normalizes an entity ref for comparison with the ownership refs of a user: kind and namespace
 * default to `group` and `default`, and the whole ref is compared case-insensitively as the catalog does.
 * @public
 */
export function normalizeOwnershipRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/**
 * Reads `permission.opsPolicy`. A missing `adminGroups` means no admin group: only owners may mutate.
 * @public
 */
export function readOpsPolicyConfig(config: Config): OpsPolicyConfig {
  const refs =
    config.getOptionalStringArray('permission.opsPolicy.adminGroups') ?? [];
  const adminGroups = refs.map(ref => {
    try {
      return normalizeOwnershipRef(ref);
    } catch (error) {
      throw new InputError(
        `Invalid entity ref '${ref}' in permission.opsPolicy.adminGroups`,
        error,
      );
    }
  });
  return { adminGroups };
}
