import { UserEntity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterServiceEntityAction } from './registerServiceEntity';

const OWNER = 'group:default/team-drivers';

const member = (
  ref: string,
  group: string,
): { ref: string; entity: UserEntity } => ({
  ref,
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1] },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: group }],
  },
});

const config = new ConfigReader({
  opsPortal: {
    gitops: {
      repoUrl: 'http://git.test/gitops.git',
      branch: 'main',
      publishMode: 'commit',
      fileUrlTemplate: 'http://git.test/gitops/raw/{branch}/{path}',
    },
  },
});

function setUp() {
  const addLocation = jest.fn().mockResolvedValue({
    location: { id: 'l1', type: 'url', target: 'x' },
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'payments', namespace: 'default' },
        spec: { owner: OWNER },
      },
    ],
  });
  const catalog = catalogServiceMock.mock({ addLocation });
  const auth = mockServices.auth();
  const action = createRegisterServiceEntityAction({
    config,
    catalog,
    auth,
    adminGroups: ['group:default/platform-admins'],
  });
  return { action, addLocation };
}

describe('ops:catalog:register', () => {
  it("registers the service's own published file with the scaffolder's credentials", async () => {
    const { action, addLocation } = setUp();
    const ctx = createMockActionContext({
      input: { name: 'payments', owner: 'team-drivers', branch: 'main' },
      user: member('user:default/guest', OWNER),
    });
    await action.handler(ctx);
    expect(addLocation).toHaveBeenCalledTimes(1);
    const [location, options] = addLocation.mock.calls[0];
    expect(location).toEqual({
      type: 'url',
      target:
        'http://git.test/gitops/raw/main/services/payments/catalog-info.yaml',
    });
    expect(options.credentials.principal).toMatchObject({
      type: 'service',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
  });

  it("registers the run's review branch in branch mode", async () => {
    const { action, addLocation } = setUp();
    await action.handler(
      createMockActionContext({
        input: {
          name: 'payments',
          owner: OWNER,
          branch: 'scaffolder/payments',
        },
        user: member('user:default/guest', OWNER),
      }),
    );
    expect(addLocation.mock.calls[0][0].target).toBe(
      'http://git.test/gitops/raw/scaffolder/payments/services/payments/catalog-info.yaml',
    );
  });

  it.each([
    [
      'another branch',
      { name: 'payments', owner: OWNER, branch: 'scaffolder/driver' },
      member('user:default/guest', OWNER),
      /neither 'main' nor/,
    ],
    [
      'a name that is not a DNS label',
      { name: '../driver', owner: OWNER },
      member('user:default/guest', OWNER),
      /DNS-1123/,
    ],
    [
      'an owner the initiator is not',
      { name: 'payments', owner: 'group:default/team-giropops' },
      member('user:default/guest', OWNER),
      /may not create a service owned by/,
    ],
    [
      'no initiator',
      { name: 'payments', owner: OWNER },
      undefined,
      /signed-in user/,
    ],
  ])('refuses %s and registers nothing', async (_, input, user, message) => {
    const { action, addLocation } = setUp();
    await expect(
      action.handler(createMockActionContext({ input, user } as any)),
    ).rejects.toThrow(message);
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('lets an admin register for any owner', async () => {
    const { action, addLocation } = setUp();
    await action.handler(
      createMockActionContext({
        input: { name: 'payments', owner: 'group:default/team-giropops' },
        user: member('user:default/admin', 'group:default/platform-admins'),
      }),
    );
    expect(addLocation).toHaveBeenCalledTimes(1);
  });

  it('registers nothing in a dry run', async () => {
    const { action, addLocation } = setUp();
    const ctx = {
      ...createMockActionContext({
        input: { name: 'payments', owner: OWNER },
        user: member('user:default/guest', OWNER),
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'http://git.test/gitops/raw/main/services/payments/catalog-info.yaml',
    );
  });
});
