import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
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
type Caller = UserName | 'nobody';
const CALLERS: Caller[] = ['nobody', 'orphan', 'owner', 'stranger', 'admin'];

const userRef = (name: UserName) => USERS[name][0] ?? `user:default/${name}`;

// Owned by the owner's group; the owner also started the task.
const driver: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
  spec: { owner: 'team-drivers' },
  relations: [
    { type: RELATION_OWNED_BY, targetRef: 'group:default/team-drivers' },
  ],
};
const ownersTask = { createdBy: userRef('owner') };

function policyQueryUser(name: UserName): PolicyQueryUser {
  const userEntityRef = userRef(name);
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: USERS[name] },
  };
}

function createAuditor() {
  const fail = jest.fn(async () => {});
  const success = jest.fn(async () => {});
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({ fail, success })),
  });
  return { auditor: auditor as jest.Mocked<AuditorService>, fail, success };
}

function createPolicy(auditor: AuditorService) {
  const userInfo = mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const name = (Object.keys(USERS) as UserName[]).find(
        n => userRef(n) === ref,
      )!;
      return { userEntityRef: ref, ownershipEntityRefs: USERS[name] };
    },
  });
  return new OpsPermissionPolicy({
    adminGroups: [ADMIN_GROUP],
    userInfo,
    auditor,
  });
}

// Applies a decision to the owner's entity and task the way the catalog and the scaffolder do.
function resultOn(decision: PolicyDecision): AuthorizeResult {
  if (decision.result !== AuthorizeResult.CONDITIONAL) return decision.result;
  const condition = decision.conditions as unknown as {
    rule: string;
    resourceType: string;
    params: Record<string, string[]>;
  };
  if (decision.resourceType === 'catalog-entity') {
    expect(decision.pluginId).toBe('catalog');
    expect(condition.rule).toBe(permissionRules.isEntityOwner.name);
    return permissionRules.isEntityOwner.apply(driver, {
      claims: condition.params.claims,
    })
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  }
  expect(decision).toMatchObject({
    pluginId: 'scaffolder',
    resourceType: 'scaffolder-task',
    conditions: { rule: 'IS_TASK_OWNER', resourceType: 'scaffolder-task' },
  });
  // The scaffolder's IS_TASK_OWNER rule: the task's createdBy is one of the given refs.
  return condition.params.createdBy.includes(ownersTask.createdBy)
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

const { ALLOW, DENY } = AuthorizeResult;
type Expected = Record<Caller, AuthorizeResult>;
const SIGNED_IN: Expected = {
  nobody: DENY,
  orphan: DENY,
  owner: ALLOW,
  stranger: ALLOW,
  admin: ALLOW,
};
// Owner-or-admin and initiator-or-admin: the owner (who also started the task) only, or an admin.
const OWNER_OR_ADMIN: Expected = { ...SIGNED_IN, stranger: DENY };
const ADMIN_ONLY: Expected = { ...SIGNED_IN, owner: DENY, stranger: DENY };
const NOBODY: Expected = { ...ADMIN_ONLY, admin: DENY };

const TABLE: Array<[Permission, Expected]> = [
  [catalogEntityReadPermission, SIGNED_IN],
  [catalogLocationReadPermission, SIGNED_IN],
  [catalogEntityRefreshPermission, SIGNED_IN],
  [catalogEntityCreatePermission, SIGNED_IN],
  [templateParameterReadPermission, SIGNED_IN],
  [templateStepReadPermission, SIGNED_IN],
  [taskCreatePermission, SIGNED_IN],
  [actionExecutePermission, SIGNED_IN],
  [kubernetesClustersReadPermission, SIGNED_IN],
  [kubernetesResourcesReadPermission, SIGNED_IN],
  [opsTrafficUpdatePermission, OWNER_OR_ADMIN],
  [opsResiliencePolicyUpdatePermission, OWNER_OR_ADMIN],
  [opsArgoCdSyncPermission, OWNER_OR_ADMIN],
  [opsArgoCdRollbackPermission, OWNER_OR_ADMIN],
  [catalogEntityDeletePermission, OWNER_OR_ADMIN],
  [taskReadPermission, OWNER_OR_ADMIN],
  [taskCancelPermission, OWNER_OR_ADMIN],
  [catalogLocationCreatePermission, ADMIN_ONLY],
  [catalogLocationDeletePermission, ADMIN_ONLY],
  [catalogLocationAnalyzePermission, ADMIN_ONLY],
  [catalogEntityValidatePermission, ADMIN_ONLY],
  [catalogIngestionReadPermission, ADMIN_ONLY],
  [catalogIngestionManagePermission, ADMIN_ONLY],
  [kubernetesProxyPermission, ADMIN_ONLY],
  [templateDryRunPermission, ADMIN_ONLY],
  [templateManagementPermission, ADMIN_ONLY],
  // Not named by the policy: a plugin installed later, or a name nobody declared.
  [
    createPermission({ name: 'newplugin.thing.delete', attributes: {} }),
    NOBODY,
  ],
  [
    createPermission({
      name: 'catalog.entity.purge',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    }),
    NOBODY,
  ],
];

const CASES = TABLE.flatMap(([permission, expected]) =>
  CALLERS.map(
    caller => [permission.name, caller, permission, expected[caller]] as const,
  ),
);

describe('OpsPermissionPolicy', () => {
  it.each(CASES)('%s for %s', async (_name, caller, permission, expected) => {
    const { auditor, fail } = createAuditor();
    const decision = await createPolicy(auditor).handle(
      { permission },
      caller === 'nobody' ? undefined : policyQueryUser(caller),
    );
    expect(resultOn(decision)).toBe(expected);
    // Only unconditional denials are audited here.
    const audited = decision.result === DENY ? 1 : 0;
    expect(auditor.createEvent).toHaveBeenCalledTimes(audited);
    expect(fail).toHaveBeenCalledTimes(audited);
  });

  it('makes owner-or-admin permissions conditional on entity ownership', async () => {
    const { auditor } = createAuditor();
    const decision = await createPolicy(auditor).handle(
      { permission: catalogEntityDeletePermission },
      policyQueryUser('stranger'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: USERS.stranger },
      },
    });
  });

  it('makes task permissions conditional on the task initiator', async () => {
    const { auditor } = createAuditor();
    const decision = await createPolicy(auditor).handle(
      { permission: taskCancelPermission },
      policyQueryUser('stranger'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        resourceType: 'scaffolder-task',
        params: { createdBy: ['user:default/bob'] },
      },
    });
  });

  it('audits a denial with the user, the permission and the reason', async () => {
    const { auditor, fail } = createAuditor();
    await createPolicy(auditor).handle(
      { permission: catalogLocationCreatePermission },
      policyQueryUser('stranger'),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'permission-denied',
      severityLevel: 'medium',
      meta: {
        userEntityRef: 'user:default/bob',
        permission: 'catalog.location.create',
        resourceType: null,
        reason: 'admin-only',
      },
    });
    expect(fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
  });

  it.each([
    ['not-named', 'newplugin.thing.delete', 'stranger', undefined],
    ['not-signed-in', 'catalog.entity.read', 'nobody', 'catalog-entity'],
  ] as const)(
    'audits the reason %s',
    async (reason, name, caller, resourceType) => {
      const { auditor } = createAuditor();
      const permission = resourceType
        ? createPermission({ name, attributes: {}, resourceType })
        : createPermission({ name, attributes: {} });
      await createPolicy(auditor).handle(
        { permission },
        caller === 'nobody' ? undefined : policyQueryUser(caller),
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: {
            userEntityRef: caller === 'nobody' ? null : 'user:default/bob',
            permission: name,
            resourceType: resourceType ?? null,
            reason,
          },
        }),
      );
    },
  );

  it('compares permissions by name', async () => {
    const { auditor } = createAuditor();
    const sameName = createPermission({
      name: opsTrafficUpdatePermission.name,
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
    const decision = await createPolicy(auditor).handle(
      { permission: sameName },
      policyQueryUser('stranger'),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it.each([
    [opsTrafficUpdatePermission.name, 'catalog-entity', 'scaffolder-task'],
    [taskCancelPermission.name, 'scaffolder-task', 'catalog-entity'],
  ])(
    'denies %s when it is not about a %s',
    async (name, _expectedType, wrongType) => {
      const { auditor } = createAuditor();
      for (const permission of [
        createPermission({ name, attributes: {} }),
        createPermission({ name, attributes: {}, resourceType: wrongType }),
      ]) {
        const decision = await createPolicy(auditor).handle(
          { permission },
          policyQueryUser('owner'),
        );
        expect(decision).toEqual({ result: AuthorizeResult.DENY });
      }
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: expect.objectContaining({ reason: 'not-a-resource' }),
        }),
      );
    },
  );

  it('looks the user up once per set of credentials', async () => {
    const { auditor } = createAuditor();
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: jest.fn(async () => ({
        userEntityRef: 'user:default/bob',
        ownershipEntityRefs: USERS.stranger,
      })),
    });
    const policy = new OpsPermissionPolicy({
      adminGroups: [],
      userInfo,
      auditor,
    });
    const user = policyQueryUser('stranger');
    await policy.handle({ permission: catalogEntityReadPermission }, user);
    await policy.handle({ permission: taskReadPermission }, user);
    expect(userInfo.getUserInfo).toHaveBeenCalledTimes(1);
  });

  it.each([['Platform-Admins'], ['  group:default/platform-admins ']])(
    'normalizes the admin group %j as an ownership ref',
    async group => {
      const policy = new OpsPermissionPolicy({
        adminGroups: [group],
        userInfo: mockServices.userInfo.mock({
          getUserInfo: async () => ({
            userEntityRef: userRef('admin'),
            ownershipEntityRefs: USERS.admin,
          }),
        }),
        auditor: mockServices.auditor.mock(),
      });
      const decision = await policy.handle(
        { permission: catalogLocationCreatePermission },
        policyQueryUser('admin'),
      );
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    },
  );

  it('refuses a malformed admin group with an InputError', () => {
    expect(
      () =>
        new OpsPermissionPolicy({
          adminGroups: ['group:default/'],
          userInfo: mockServices.userInfo.mock(),
          auditor: mockServices.auditor.mock(),
        }),
    ).toThrow(
      new InputError(
        "Invalid entity ref 'group:default/' in permission.opsPolicy.adminGroups",
      ),
    );
  });
});
