import { UserEntity } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { FakeArgoCd } from '../argocd/__testUtils__/FakeArgoCd';
import { createArgoCdApplicationAction } from './createArgoCdApplication';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const ARGO = 'http://argocd.test';
const TOKEN = 'argocd-api-token-xyz';
const REPO = 'http://git.test/gitops.git';
const server = setupServer();
registerMswTestHooks(server);
const OWNER = 'group:default/team-a';

/** The initiator: a member of team-a. */
const member: { ref: string; entity: UserEntity } = {
  ref: 'user:default/mock',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: OWNER }],
  },
};

/** `app` as the action sends it: marked with its owner. */
const marked = (app: ReturnType<typeof application>, owner = OWNER) => ({
  ...app,
  metadata: {
    ...app.metadata,
    annotations: { 'ops-portal/owner': owner },
  },
});

const application = (path_ = 'services/payments') => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'payments', namespace: 'argocd' },
  spec: {
    project: 'default',
    source: { repoURL: REPO, path: path_, targetRevision: 'main' },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'payments',
    },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    },
  },
});

const status = (
  sync: string,
  health: string,
  path_ = 'services/payments',
  extra = {},
) => ({
  sync: {
    status: sync,
    comparedTo: {
      source: application(path_).spec.source,
      destination: application().spec.destination,
    },
  },
  health: { status: health },
  ...extra,
});

describe('argocd:app:create', () => {
  let argo: FakeArgoCd;
  let workspace: string;

  beforeEach(async () => {
    argo = new FakeArgoCd(ARGO, TOKEN);
    server.use(...argo.handlers());
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-argocd-ws-'));
    await writeApp(application());
  });

  afterEach(() => fs.rm(workspace, { recursive: true, force: true }));

  async function writeApp(doc: object) {
    await fs.mkdir(path.join(workspace, 'gitops/apps'), { recursive: true });
    await fs.writeFile(
      path.join(workspace, 'gitops/apps/payments.yaml'),
      yaml.stringify(doc),
    );
  }

  const action = () =>
    createArgoCdApplicationAction({
      config: new ConfigReader({
        opsPortal: {
          gitops: {
            repoUrl: REPO,
            fileUrlTemplate: 'http://git.test/{branch}/{path}',
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
              instances: [{ name: 'sandbox', url: ARGO, token: TOKEN }],
            },
          ],
        },
      }),
      pollIntervalMs: 10,
    });

  function taskContext(
    input: {
      waitForSync?: boolean;
      timeoutSeconds?: number;
      owner?: string;
    } = {},
    dryRun = false,
  ) {
    const lines: string[] = [];
    const logger: LoggerService = {
      error: m => lines.push(m),
      warn: m => lines.push(m),
      info: m => lines.push(m),
      debug: m => lines.push(m),
      child: () => logger,
    };
    const ctx = {
      ...createMockActionContext({
        input: {
          applicationFile: 'gitops/apps/payments.yaml',
          owner: OWNER,
          ...input,
        },
        workspacePath: workspace,
        logger,
        user: member,
      }),
      isDryRun: dryRun,
    };
    const outputs = () =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    return { ctx, lines, outputs };
  }

  async function failure(input = {}) {
    const task = taskContext(input);
    return action()
      .handler(task.ctx)
      .then(
        () => undefined,
        (e: Error) => e,
      );
  }

  it('creates the Application and waits until it is Synced and Healthy', async () => {
    argo.queueStatuses('payments', [
      status('OutOfSync', 'Missing'),
      status('Synced', 'Progressing'),
      status('Synced', 'Healthy'),
    ]);
    const task = taskContext();
    await action().handler(task.ctx);

    expect(task.outputs()).toEqual({
      name: 'payments',
      created: true,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });
    expect(argo.posted).toEqual([marked(application())]);
    expect(argo.requests.slice(0, 2)).toEqual([
      'GET /api/v1/applications/payments?projects=default',
      'POST /api/v1/applications',
    ]);
    expect(new Set(argo.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(task.lines).toEqual(
      expect.arrayContaining([
        "Application 'payments': sync OutOfSync, health Missing",
        "Application 'payments': sync Synced, health Progressing",
        "Application 'payments': sync Synced, health Healthy",
      ]),
    );
    expect(task.lines).toContain(
      "Created Application 'payments' in Argo CD instance 'sandbox'",
    );
    expect(task.lines.join('\n')).not.toContain(TOKEN);
    expect(task.lines.join('\n')).not.toContain(ARGO);
  });

  it("updates the same owner's Application on a re-run and ignores status computed for its old spec", async () => {
    const old = marked(application());
    old.spec.source = { ...old.spec.source, targetRevision: 'old' };
    const oldStatus = (sync: string, health: string) => ({
      ...status(sync, health),
      sync: {
        status: sync,
        comparedTo: {
          source: old.spec.source,
          destination: old.spec.destination,
        },
      },
    });
    argo.seed(old, oldStatus('Synced', 'Healthy'));
    argo.queueStatuses('payments', [
      oldStatus('Synced', 'Healthy'),
      status('OutOfSync', 'Healthy'),
      status('Synced', 'Healthy'),
    ]);
    const task = taskContext();
    await action().handler(task.ctx);

    expect(task.outputs()).toMatchObject({
      created: false,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });
    expect(argo.requests).toContain('POST /api/v1/applications?upsert=true');
    expect(argo.requests.filter(r => r.startsWith('GET'))).toHaveLength(4);
    expect(task.lines).toContain(
      "Application 'payments': sync OutOfSync, health Healthy",
    );
  });

  it.each([
    [
      "another owner's Application",
      marked(application(), 'group:default/team-giropops'),
      "Argo CD already has Application 'payments', owned by group:default/team-giropops",
    ],
    [
      'an Application the portal did not mark',
      application(),
      "Argo CD already has Application 'payments', which the portal did not create for an owner",
    ],
    [
      "the same owner's Application of another path",
      marked(application('services/giropops-senhas')),
      'but it deploys',
    ],
  ])(
    'refuses to overwrite %s and sends no write',
    async (_what, existing, message) => {
      argo.seed(existing, status('Synced', 'Healthy'));
      const error = await failure();
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(message);
      expect(argo.posted).toEqual([]);
      expect(argo.apps.get('payments')).toMatchObject(existing);
    },
  );

  it('refuses when Argo CD reports the name taken outside the project', async () => {
    argo.failPost = {
      status: 400,
      code: 3,
      message:
        'existing application spec is different, use upsert flag to force update',
    };
    const error = await failure();
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(
      "Argo CD already has an Application named 'payments' outside project 'default'",
    );
    expect(argo.requests.filter(r => r.includes('upsert'))).toEqual([]);
  });

  it('refuses a manifest marked for another owner, and an owner the initiator is not a member of', async () => {
    await writeApp(marked(application(), 'group:default/team-giropops'));
    expect((await failure())?.message).toContain(
      'is marked as owned by group:default/team-giropops, not group:default/team-a',
    );
    await writeApp(application());
    expect(
      (await failure({ owner: 'group:default/team-giropops' }))?.message,
    ).toContain(
      'user:default/mock may not create a service owned by group:default/team-giropops',
    );
    expect(argo.requests).toEqual([]);
  });

  it('refuses in a dry run an owner the initiator is not a member of', async () => {
    await writeApp(application());
    await expect(
      action().handler(
        taskContext({ owner: 'group:default/team-giropops' }, true).ctx,
      ),
    ).rejects.toThrow(
      'user:default/mock may not create a service owned by group:default/team-giropops',
    );
    expect(argo.requests).toEqual([]);
  });

  it("refuses an Application that deploys another service's folder", async () => {
    await writeApp(application('services/giropops-senhas'));
    expect((await failure())?.message).toContain(
      "Application 'payments' must deploy the path services/payments",
    );
    expect(argo.requests).toEqual([]);
  });

  it('fails naming Degraded health and its message', async () => {
    argo.queueStatuses('payments', [
      status('Synced', 'Degraded', undefined, {
        health: {
          status: 'Degraded',
          message: 'Deployment exceeded its progress deadline',
        },
      }),
    ]);
    expect((await failure())?.message).toBe(
      "Argo CD reports Application 'payments' as Degraded (sync Synced, health Degraded: Deployment exceeded its progress deadline)",
    );
  });

  it('fails when the sync operation failed', async () => {
    argo.queueStatuses('payments', [
      status('OutOfSync', 'Missing', undefined, {
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
        },
      }),
    ]);
    expect((await failure())?.message).toBe(
      "Argo CD could not sync Application 'payments' (sync OutOfSync, health Missing (operation Failed): one or more objects failed to apply)",
    );
  });

  it('gives up after timeoutSeconds with the last status', async () => {
    argo.queueStatuses('payments', [status('OutOfSync', 'Progressing')]);
    expect((await failure({ timeoutSeconds: 1 }))?.message).toBe(
      "Argo CD did not report Application 'payments' as Synced and Healthy within 1 s; last status: sync OutOfSync, health Progressing",
    );
  });

  it("surfaces Argo CD's error message", async () => {
    argo.failPost = {
      status: 403,
      code: 7,
      message:
        'permission denied: applications, create, default/payments, sub: scaffolder',
    };
    const message = (await failure())?.message;
    expect(message).toBe(
      "Argo CD 'sandbox' answered 403 to POST /api/v1/applications: permission denied: applications, create, default/payments, sub: scaffolder",
    );
    expect(message).not.toContain(ARGO);
  });

  it('does not wait when waitForSync is false', async () => {
    const task = taskContext({ waitForSync: false });
    await action().handler(task.ctx);
    expect(task.outputs()).toEqual({
      name: 'payments',
      created: true,
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
    });
    expect(argo.requests).toHaveLength(2);
  });

  it('refuses a workspace without the Application file, saying how a resumed run recovers', async () => {
    await fs.rm(path.join(workspace, 'gitops'), { recursive: true });
    const error = await failure();
    expect(error?.message).toContain(
      "applicationFile 'gitops/apps/payments.yaml' does not exist in the workspace",
    );
    expect(error?.message).toContain('run the template again');
    expect(argo.requests).toEqual([]);
  });

  it('sends nothing to Argo CD on a dry run but still validates the file', async () => {
    const task = taskContext({}, true);
    await action().handler(task.ctx);
    expect(argo.requests).toEqual([]);
    expect(task.outputs()).toEqual({
      name: 'payments',
      created: false,
      syncStatus: 'dry-run',
      healthStatus: 'dry-run',
    });
  });

  it.each([
    [{ ...application(), kind: 'Deployment' }, "kind must be 'Application'"],
    [{ ...application(), metadata: {} }, 'metadata.name is required'],
    [
      { ...application(), spec: { ...application().spec, project: 'admin' } },
      "uses Argo CD project 'admin'",
    ],
    [
      {
        ...application(),
        spec: {
          ...application().spec,
          source: { repoURL: 'https://evil.example.com/x.git', path: '.' },
        },
      },
      'points at repository https://evil.example.com/x.git; only the GitOps repository',
    ],
  ])(
    'refuses an invalid Application file (%#) before calling Argo CD',
    async (doc, message) => {
      await writeApp(doc);
      expect((await failure())?.message).toContain(message);
      expect(argo.requests).toEqual([]);
    },
  );
});
