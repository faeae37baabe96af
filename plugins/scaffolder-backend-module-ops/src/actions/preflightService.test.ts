import { Entity, UserEntity } from '@backstage/catalog-model';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import { FakeArgoCd } from '../argocd/__testUtils__/FakeArgoCd';
import { git, GitHttpTestServer } from '@internal/plugin-ops-node/testUtils';
import { markerAttributes } from '../keycloak/clientMarker';
import { FakeKeycloak } from '../keycloak/__testUtils__/FakeKeycloak';
import { createPreflightServiceAction } from './preflightService';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const KEYCLOAK = 'http://keycloak.test';
const ARGO = 'http://argocd.test';
const ARGO_TOKEN = 'argocd-token';
const OWNER = 'group:default/team-drivers';
const OTHER = 'group:default/team-giropops';
const NAME = 'giropops-senhas';
const msw = setupServer();
registerMswTestHooks(msw);

/** The guest: a member of team-drivers only. */
const guest: { ref: string; entity: UserEntity } = {
  ref: 'user:default/guest',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: OWNER }],
  },
};

const component = (owner: string, namespace = 'default'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: NAME, namespace },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const catalogInfo = (owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${NAME}\nspec:\n  owner: ${owner}\n`;

const application = (owner: string | undefined, path = `services/${NAME}`) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name: NAME,
    namespace: 'argocd',
    ...(owner ? { annotations: { 'ops-portal/owner': owner } } : {}),
  },
  spec: {
    project: 'default',
    source: { repoURL: '', path, targetRevision: 'main' },
    destination: { namespace: 'giropops' },
  },
});

describe('ops:service:preflight', () => {
  let git_: GitHttpTestServer;
  let keycloak: FakeKeycloak;
  let argo: FakeArgoCd;

  beforeEach(async () => {
    git_ = await GitHttpTestServer.start();
    keycloak = new FakeKeycloak(KEYCLOAK);
    keycloak.addRealm('platform');
    argo = new FakeArgoCd(ARGO, ARGO_TOKEN);
    msw.use(...keycloak.handlers(), ...argo.handlers());
  });

  afterEach(() => git_.stop());

  function action(entities: Entity[] = []) {
    return createPreflightServiceAction({
      config: new ConfigReader({
        opsPortal: {
          gitops: {
            repoUrl: git_.repoUrl,
            fileUrlTemplate: 'http://git.test/{branch}/{path}',
          },
          keycloak: {
            baseUrl: KEYCLOAK,
            realm: 'platform',
            clientId: 'ops-portal-admin',
            clientSecret: 'admin-s3cret-value',
          },
          scaffolder: {
            cluster: 'sandbox',
            argocdInstance: 'sandbox',
            allowedImageRegistries: [],
          },
        },
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [{ name: 'sandbox', url: ARGO, token: ARGO_TOKEN }],
            },
          ],
        },
      }),
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      adminGroups: ['group:default/platform-admins'],
    });
  }

  function taskContext(
    input: Record<string, unknown> = {},
    options: { dryRun?: boolean } = {},
  ) {
    const lines: string[] = [];
    const logger = {
      error: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
      child: () => logger,
    };
    const ctx = {
      ...createMockActionContext({
        input: { name: NAME, owner: OWNER, auth: 'oidc', ...input } as any,
        logger,
        user: guest,
      }),
      isDryRun: options.dryRun,
    };
    return { ctx, lines };
  }

  async function failure(
    entities: Entity[] = [],
    input: Record<string, unknown> = {},
    options: { dryRun?: boolean } = {},
  ) {
    return action(entities)
      .handler(taskContext(input, options).ctx)
      .then(
        () => undefined,
        (e: Error) => e,
      );
  }

  /** Everything the sandbox has for giropops-senhas, owned by `owner`. */
  async function existingService(owner: string) {
    argo.seed(application(owner));
    argo.apps.get(NAME)!.spec.source.repoURL = git_.repoUrl;
    keycloak.addClient('platform', {
      clientId: NAME,
      publicClient: false,
      attributes: markerAttributes({ service: NAME, owner }),
    });
    await git_.commitDirectly(
      'main',
      `services/${NAME}/catalog-info.yaml`,
      catalogInfo(owner),
    );
    return component(owner);
  }

  /** Requests that would change something. */
  const writes = () => [
    ...argo.requests.filter(r => !r.startsWith('GET')),
    ...keycloak.requests.filter(
      r => !r.startsWith('GET') && !r.includes('/openid-connect/token'),
    ),
    ...git_.requests
      .map(r => `${r.method} ${r.path}`)
      .filter(r => r.includes('receive-pack')),
  ];

  it('passes a free name and writes nothing', async () => {
    const task = taskContext();
    await action().handler(task.ctx);
    expect(task.ctx.output).toHaveBeenCalledWith('rerun', false);
    expect(task.lines.join('\n')).toContain(
      `Service name '${NAME}' is free in the catalog, Keycloak, Argo CD and the GitOps repository`,
    );
    expect(writes()).toEqual([]);
  });

  it("refuses a non-owner's run against an existing service, naming every owner, with nothing written", async () => {
    const existing = await existingService(OTHER);
    const head = await git(['rev-parse', 'main'], git_.repoPath);
    for (const dryRun of [false, true]) {
      const error = await failure([existing], {}, { dryRun });
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        `Service name '${NAME}' is taken and not ${OWNER}'s`,
      );
      for (const part of [
        `The catalog already has component:default/${NAME}, owned by ${OTHER}`,
        `Keycloak already has client '${NAME}', owned by ${OTHER}`,
        `Argo CD already has Application '${NAME}', owned by ${OTHER}`,
        `The GitOps repository (branch 'main') already has services/${NAME}/ (1 file(s)), owned by ${OTHER}`,
      ]) {
        expect(error?.message).toContain(part);
      }
    }
    expect(writes()).toEqual([]);
    expect(await git(['rev-parse', 'main'], git_.repoPath)).toBe(head);
  });

  it("passes the owner's re-run and says so", async () => {
    const existing = await existingService(OWNER);
    const task = taskContext();
    await action([existing]).handler(task.ctx);
    expect(task.ctx.output).toHaveBeenCalledWith('rerun', true);
    expect(task.lines.join('\n')).toContain(
      `already exists as ${OWNER}'s (catalog Component, Keycloak client, Argo CD Application, GitOps files on 'main')`,
    );
  });

  it.each<[string, () => Promise<Entity[]>, string]>([
    [
      "another owner's Component in another namespace",
      async () => [component('team-giropops', 'ops')],
      `component:ops/${NAME}, owned by group:ops/team-giropops`,
    ],
    [
      'a Keycloak client the portal did not create',
      async () => {
        keycloak.addClient('platform', { clientId: NAME });
        return [];
      },
      `Keycloak already has client '${NAME}', which the portal did not create`,
    ],
    [
      'an Argo CD Application without an owner marker',
      async () => {
        argo.seed(application(undefined));
        return [];
      },
      `Argo CD already has Application '${NAME}', which the portal did not create for an owner`,
    ],
    [
      "a GitOps Application file of another owner (the seeded demo's marker)",
      async () => {
        await git_.commitDirectly(
          'main',
          `apps/${NAME}.yaml`,
          `kind: Application\nmetadata:\n  name: ${NAME}\n  annotations:\n    ops-portal/owner: ${OTHER}\n`,
        );
        return [];
      },
      `already has apps/${NAME}.yaml, owned by ${OTHER}`,
    ],
    [
      'GitOps files without any owner',
      async () => {
        await git_.commitDirectly(
          'main',
          `services/${NAME}/deployment.yaml`,
          'kind: Deployment\n',
        );
        return [];
      },
      'with no owner',
    ],
  ])('refuses %s', async (_what, arrange, message) => {
    const error = await failure(await arrange());
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(message);
    expect(writes()).toEqual([]);
  });

  it('does not ask Keycloak when the service gets no client', async () => {
    keycloak.addClient('platform', { clientId: NAME });
    await action().handler(taskContext({ auth: 'none' }).ctx);
    expect(keycloak.requests).toEqual([]);
  });

  it('refuses a reserved client id as a service name with OIDC', async () => {
    const error = await failure([], { name: 'admin-cli' });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain(
      "Keycloak client id 'admin-cli' is reserved",
    );
  });

  it('refuses an owner the initiator is not a member of before reading anything', async () => {
    const error = await failure([], { owner: OTHER });
    expect(error?.name).toBe('NotAllowedError');
    expect(keycloak.requests).toEqual([]);
    expect(argo.requests).toEqual([]);
    expect(git_.requests).toEqual([]);
  });
});
