import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  opsArgoCdRollbackPermission,
  opsArgoCdSyncPermission,
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
} from '@internal/plugin-ops-common';
import { OpsPermissionPolicy } from './OpsPermissionPolicy';

const ADMIN_GROUP = 'group:default/platform-admins';

const USERS = {
  owner: ['user:default/alice', 'group:default/team-drivers'],
  stranger: ['user:default/bob', 'group:default/team-other'],
  admin: ['user:default/ada', 'Group:default/Platform-Admins'],
  orphan: [] as string[],
};
type UserName = keyof typeof USERS;

const driver: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
  spec: { owner: 'team-drivers' },
  relations: [
    { type: RELATION_OWNED_BY, targetRef: 'group:default/team-drivers' },
  ],
};

function policyQueryUser(name: UserName): PolicyQueryUser {
  const userEntityRef = USERS[name][0] ?? `user:default/${name}`;
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: USERS[name] },
  };
}

function createPolicy() {
  const userInfo = mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const name = (Object.keys(USERS) as UserName[]).find(
        n => (USERS[n][0] ?? `user:default/${n}`) === ref,
      )!;
      return { userEntityRef: ref, ownershipEntityRefs: USERS[name] };
    },
  });
  return new OpsPermissionPolicy({ adminGroups: [ADMIN_GROUP], userInfo });
}

// Evaluates a decision against one entity the way the catalog's apply-conditions endpoint does.
function resultOn(decision: PolicyDecision, entity: Entity): AuthorizeResult {
  if (decision.result !== AuthorizeResult.CONDITIONAL) return decision.result;
  const condition = decision.conditions as unknown as {
    rule: string;
    params: { claims: string[] };
  };
  expect(decision.pluginId).toBe('catalog');
  expect(condition.rule).toBe(permissionRules.isEntityOwner.name);
  return permissionRules.isEntityOwner.apply(entity, condition.params)
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

const opsMutations: Permission[] = [
  opsTrafficUpdatePermission,
  opsResiliencePolicyUpdatePermission,
  opsArgoCdSyncPermission,
  opsArgoCdRollbackPermission,
];

const customRead = createPermission({
  name: 'ops.custom.read',
  attributes: {},
});

describe('OpsPermissionPolicy', () => {
  const policy = createPolicy();

  it.each<[string, Permission, UserName | undefined, AuthorizeResult]>([
    // No signed-in user, or a user without ownership refs, gets nothing.
    [
      'anonymous read',
      catalogEntityReadPermission,
      undefined,
      AuthorizeResult.DENY,
    ],
    [
      'anonymous traffic update',
      opsTrafficUpdatePermission,
      undefined,
      AuthorizeResult.DENY,
    ],
    [
      'orphan read',
      catalogEntityReadPermission,
      'orphan',
      AuthorizeResult.DENY,
    ],
    // Reads and the remaining actions are open to signed-in users.
    [
      'stranger entity read',
      catalogEntityReadPermission,
      'stranger',
      AuthorizeResult.ALLOW,
    ],
    [
      'stranger read without action',
      customRead,
      'stranger',
      AuthorizeResult.ALLOW,
    ],
    [
      'stranger location create',
      catalogLocationCreatePermission,
      'stranger',
      AuthorizeResult.ALLOW,
    ],
    // Admin group members may do every owner-or-admin action, whatever the entity.
    ...opsMutations.map(
      p =>
        [`admin ${p.name}`, p, 'admin', AuthorizeResult.ALLOW] as [
          string,
          Permission,
          UserName,
          AuthorizeResult,
        ],
    ),
    [
      'admin entity delete',
      catalogEntityDeletePermission,
      'admin',
      AuthorizeResult.ALLOW,
    ],
  ])('%s', async (_case, permission, user, expected) => {
    const decision = await policy.handle(
      { permission },
      user ? policyQueryUser(user) : undefined,
    );
    expect(decision).toEqual({ result: expected });
  });

  it.each<[string, Permission, UserName, AuthorizeResult]>([
    ...opsMutations.flatMap(p => [
      [`owner ${p.name}`, p, 'owner', AuthorizeResult.ALLOW] as [
        string,
        Permission,
        UserName,
        AuthorizeResult,
      ],
      [`stranger ${p.name}`, p, 'stranger', AuthorizeResult.DENY] as [
        string,
        Permission,
        UserName,
        AuthorizeResult,
      ],
    ]),
    [
      'owner entity delete',
      catalogEntityDeletePermission,
      'owner',
      AuthorizeResult.ALLOW,
    ],
    [
      'stranger entity delete',
      catalogEntityDeletePermission,
      'stranger',
      AuthorizeResult.DENY,
    ],
  ])(
    '%s is conditional on ownership',
    async (_case, permission, user, expected) => {
      const decision = await policy.handle(
        { permission },
        policyQueryUser(user),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: USERS[user] },
        },
      });
      expect(resultOn(decision, driver)).toBe(expected);
    },
  );

  it('compares ops permissions by name', async () => {
    const sameName = createPermission({
      name: opsTrafficUpdatePermission.name,
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
    const decision = await policy.handle(
      { permission: sameName },
      policyQueryUser('stranger'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('denies an owner-only action on a resource that is not an entity', async () => {
    const notAnEntity = createPermission({
      name: opsTrafficUpdatePermission.name,
      attributes: { action: 'update' },
    });
    const decision = await policy.handle(
      { permission: notAnEntity },
      policyQueryUser('owner'),
    );
    expect(decision).toEqual({ result: AuthorizeResult.DENY });
  });
});
