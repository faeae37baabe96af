import {
  BackstageCredentials,
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { opsMutationPermissions } from '@internal/plugin-ops-common';
import { normalizeOwnershipRef, OpsPolicyConfig } from './opsPolicyConfig';

const OPS_MUTATION_NAMES = new Set(opsMutationPermissions.map(p => p.name));

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Options of {@link OpsPermissionPolicy}.
 * @public
 */
export interface OpsPermissionPolicyOptions extends OpsPolicyConfig {
  /** Resolves the ownership entity refs (user and groups) of the requesting user. */
  userInfo: UserInfoService;
}

/**
 * The ops portal's permission policy.
 *
 * - No signed-in user (or a user without ownership refs): DENY.
 * - Ops mutations (traffic, resilience policy, Argo CD sync/rollback) and catalog entity deletion:
 *   ALLOW for members of an admin group, otherwise allowed only on entities the user or one of
 *   their groups owns (a conditional decision evaluated by the catalog).
 * - Everything else, reads included: ALLOW for signed-in users.
 *
 * @public
 */
export class OpsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;
  private readonly userInfo: UserInfoService;
  // One lookup per set of credentials: the permission backend evaluates a whole batch with the same object.
  private readonly infoCache = new WeakMap<
    BackstageCredentials,
    Promise<BackstageUserInfo>
  >();

  constructor(options: OpsPermissionPolicyOptions) {
    this.adminGroups = new Set(options.adminGroups.map(normalizeOwnershipRef));
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownershipRefs = user ? await this.ownershipRefsOf(user) : [];
    if (ownershipRefs.length === 0) {
      return DENY;
    }
    const { permission } = request;
    if (!this.isOwnerOrAdminPermission(permission)) {
      return ALLOW;
    }
    if (this.isAdmin(ownershipRefs)) {
      return ALLOW;
    }
    if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      // An owner-only action that is not about an entity has no owner to match.
      return DENY;
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: ownershipRefs }),
    );
  }

  private isOwnerOrAdminPermission(permission: Permission): boolean {
    return (
      OPS_MUTATION_NAMES.has(permission.name) ||
      isPermission(permission, catalogEntityDeletePermission)
    );
  }

  private isAdmin(ownershipRefs: string[]): boolean {
    return ownershipRefs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }

  private async ownershipRefsOf(user: PolicyQueryUser): Promise<string[]> {
    let info = this.infoCache.get(user.credentials);
    if (!info) {
      info = this.userInfo.getUserInfo(user.credentials);
      this.infoCache.set(user.credentials, info);
    }
    return (await info).ownershipEntityRefs ?? [];
  }
}
