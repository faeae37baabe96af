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

const ARGO = 'http://argocd.test';
const TOKEN = 'argocd-api-token-xyz';
const REPO = 'http://git.test/gitops.git';
const server = setupServer();
registerMswTestHooks(server);

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
    input: { waitForSync?: boolean; timeoutSeconds?: number } = {},
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
        input: { applicationFile: 'gitops/apps/payments.yaml', ...input },
        workspacePath: workspace,
        logger,
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
    expect(argo.posted).toEqual([application()]);
    expect(argo.requests.slice(0, 2)).toEqual([
      'GET /api/v1/applications/payments?projects=default',
      'POST /api/v1/applications?upsert=true',
    ]);
    expect(new Set(argo.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(task.lines).toEqual(
      expect.arrayContaining([
        "Application 'payments': sync OutOfSync, health Missing",
        "Application 'payments': sync Synced, health Progressing",
        "Application 'payments': sync Synced, health Healthy",
      ]),
    );
    expect(task.lines.join('\n')).not.toContain(TOKEN);
  });

  it('updates an existing Application and ignores status computed for its old spec', async () => {
    argo.seed(
      application('services/old'),
      status('Synced', 'Healthy', 'services/old'),
    );
    argo.queueStatuses('payments', [
      status('Synced', 'Healthy', 'services/old'),
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
    expect(argo.requests.filter(r => r.startsWith('GET'))).toHaveLength(4);
    expect(task.lines).toContain(
      "Application 'payments': sync OutOfSync, health Healthy",
    );
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
    expect((await failure())?.message).toBe(
      `Argo CD at ${ARGO} answered 403 to POST /api/v1/applications: permission denied: applications, create, default/payments, sub: scaffolder`,
    );
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
