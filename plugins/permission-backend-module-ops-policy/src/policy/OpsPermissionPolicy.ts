import {
  AuditorService,
  BackstageCredentials,
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { adminGroupRef, OpsPolicyConfig } from './opsPolicyConfig';
import { opsPermissionTable, PermissionRule } from './permissionTable';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Why a request was denied, as written to the audit log.
 * @public
 */
export type DenialReason =
  | 'not-signed-in'
  | 'not-named'
  | 'admin-only'
  | 'not-a-resource';

/**
 * Options of {@link OpsPermissionPolicy}.
 * @public
 */
export interface OpsPermissionPolicyOptions extends OpsPolicyConfig {
  /** Resolves the ownership entity refs (user and groups) of the requesting user. */
  userInfo: UserInfoService;
  /** Receives a `permission-denied` event for every unconditional DENY. */
  auditor: AuditorService;
  /** The rule of each named permission; the portal's table unless a test gives another. */
  table?: ReadonlyMap<string, PermissionRule>;
}

/**
 * The ops portal's permission policy: it names what it allows and denies everything else.
 *
 * - No signed-in user (or a user without ownership refs): DENY.
 * - A permission the table does not name: DENY for everyone, admins included, so a plugin
 *   installed later stays closed until its permissions are named.
 * - `signed-in` permissions: ALLOW.
 * - Admin group members: ALLOW for every other named permission.
 * - `entity-owner`: a catalog conditional decision (`isEntityOwner` with the user's ownership refs).
 * - `task-initiator`: a scaffolder conditional decision (`isTaskOwner` with the user's entity ref).
 * - `admin`: DENY.
 *
 * Every DENY returned here is audited (`permission-denied`); conditional decisions are applied
 * by the plugin that owns the resource and are audited there.
 *
 * @public
 */
export class OpsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;
  private readonly userInfo: UserInfoService;
  private readonly auditor: AuditorService;
  private readonly table: ReadonlyMap<string, PermissionRule>;
  // One lookup per set of credentials: the permission backend evaluates a whole batch with the same object.
  private readonly infoCache = new WeakMap<
    BackstageCredentials,
    Promise<BackstageUserInfo>
  >();

  constructor(options: OpsPermissionPolicyOptions) {
    this.adminGroups = new Set(options.adminGroups.map(adminGroupRef));
    this.userInfo = options.userInfo;
    this.auditor = options.auditor;
    this.table = options.table ?? opsPermissionTable;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const info = user ? await this.userInfoOf(user) : undefined;
    const ownershipRefs = info?.ownershipEntityRefs ?? [];
    if (!info || ownershipRefs.length === 0) {
      return this.deny(permission, info, 'not-signed-in');
    }
    // By name, the comparison `isPermission` makes.
    const rule = this.table.get(permission.name);
    if (!rule) {
      return this.deny(permission, info, 'not-named');
    }
    if (rule === 'signed-in' || this.isAdmin(ownershipRefs)) {
      return ALLOW;
    }
    switch (rule) {
      case 'entity-owner':
        if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
          // An owner-only action that is not about an entity has no owner to match.
          return this.deny(permission, info, 'not-a-resource');
        }
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims: ownershipRefs }),
        );
      case 'task-initiator':
        if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
          return this.deny(permission, info, 'not-a-resource');
        }
        return createScaffolderTaskConditionalDecision(
          permission,
          scaffolderTaskConditions.isTaskOwner({
            createdBy: [info.userEntityRef],
          }),
        );
      default:
        return this.deny(permission, info, 'admin-only');
    }
  }

  private async deny(
    permission: Permission,
    info: BackstageUserInfo | undefined,
    reason: DenialReason,
  ): Promise<PolicyDecision> {
    const resourceType =
      'resourceType' in permission ? permission.resourceType : null;
    const event = await this.auditor.createEvent({
      eventId: 'permission-denied',
      severityLevel: 'medium',
      meta: {
        userEntityRef: info?.userEntityRef ?? null,
        permission: permission.name,
        resourceType,
        reason,
      },
    });
    await event.fail({
      error: new NotAllowedError(
        `${permission.name} denied to ${
          info?.userEntityRef ?? 'a caller without a user'
        } (${reason})`,
      ),
    });
    return DENY;
  }

  private isAdmin(ownershipRefs: string[]): boolean {
    return ownershipRefs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }

  private userInfoOf(user: PolicyQueryUser): Promise<BackstageUserInfo> {
    let info = this.infoCache.get(user.credentials);
    if (!info) {
      info = this.userInfo.getUserInfo(user.credentials);
      this.infoCache.set(user.credentials, info);
    }
    return info;
  }
}
