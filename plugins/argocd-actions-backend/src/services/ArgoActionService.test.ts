import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import {
  actionsConfig,
  entities,
  permissionsAllowing,
  recordingAuditor,
} from '../__testUtils__/actionsBackend';
import { driverApplication } from '../__testUtils__/argoApplication';
import {
  FakeArgoCd,
  grpcError,
  WRITER_TOKEN,
} from '../__testUtils__/fakeArgoCd';
import {
  GitOpsRepository,
  startGitOpsRepository,
} from '../__testUtils__/gitopsRepository';
import { readArgoActionsConfig } from '../config/readArgoActionsConfig';
import { ArgoActionConflictError } from '../errors';
import { createArgoActionsServices } from './createArgoActionsServices';

jest.setTimeout(60_000);

const DRIVER = 'component:default/driver';
const caller = { credentials: mockCredentials.user('user:default/jane') };
const argo = new FakeArgoCd();
const msw = setupServer(...argo.handlers());

describe('Argo CD actions, services', () => {
  let repo: GitOpsRepository;
  let workDir: string;

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    repo = await startGitOpsRepository();
  });
  afterAll(async () => {
    msw.close();
    await repo.server.stop();
  });
  beforeEach(async () => {
    argo.reset();
    await repo.reset();
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'argocd-actions-test-'));
  });
  afterEach(() => fs.rm(workDir, { recursive: true, force: true }));

  function services() {
    const { auditor, events } = recordingAuditor();
    const created = createArgoActionsServices({
      settings: readArgoActionsConfig(
        new ConfigReader(actionsConfig(repo.server.repoUrl)),
      ),
      catalog: catalogServiceMock({ entities }),
      permissions: permissionsAllowing(
        'ops.argocd.sync',
        'ops.argocd.rollback',
      ),
      auditor,
      logger: mockServices.logger.mock(),
      workDir,
    });
    return { ...created, events };
  }

  function driver(autoSync = false) {
    argo.apps.set(
      'driver',
      driverApplication({
        autoSync,
        repoURL: repo.server.repoUrl,
        revisions: repo.revisions,
      }),
    );
  }

  it('runs the actions on one Application one at a time: of two syncs at once, the second meets the first', async () => {
    driver();
    const { actions } = services();
    const request = { entityRef: DRIVER, prune: false, dryRun: false };
    const results = await Promise.allSettled([
      actions.sync(request, caller),
      actions.sync(request, caller),
    ]);
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected']);
    const conflict = (results[1] as PromiseRejectedResult).reason;
    expect(conflict).toBeInstanceOf(ArgoActionConflictError);
    expect(conflict.current.operation.phase).toBe('Running');
    expect(argo.mutations().filter(r => r.url.endsWith('/sync'))).toHaveLength(
      1,
    );
  });

  it('keeps a pushed revert when Argo CD refuses the sync after it, and audits the warning', async () => {
    driver(true);
    argo.failNext(/^POST .*\/sync$/, () =>
      grpcError(
        400,
        9,
        'error setting app operation: another operation is already in progress',
      ),
    );
    const { rollbacks, events } = services();
    const result = await rollbacks.rollback(
      {
        entityRef: DRIVER,
        historyId: 1,
        expectedRevision: repo.revisions[2],
        mode: 'git-revert',
      },
      caller,
    );
    const head = await repo.head();
    expect(result.commit).toEqual({
      sha: head,
      url: `http://git.test/commit/${head}`,
    });
    expect(await repo.file('services/driver/deploy.yaml')).toBe('replicas: 2');
    expect(await repo.file('services/driver/extra.yaml')).toBeUndefined();
    const meta = events[0].success.mock.calls[0][0].meta;
    expect(meta).toMatchObject({
      outcome: 'succeeded',
      commit: result.commit!.sha,
      syncWarning:
        "The revert commit is pushed, but asking Argo CD to sync failed: Argo CD 'main' is already running an operation on Application 'driver'; automated sync applies it at its next poll",
    });
    expect(argo.mutations()).toEqual([
      expect.objectContaining({ token: WRITER_TOKEN }),
    ]);
  });

  it('answers a push that loses the race with a 409 carrying the current state', async () => {
    driver(true);
    repo.server.beforeReceivePack = async () => {
      await repo.server.commitDirectly(
        'main',
        'services/other/app.yaml',
        'other: 3\n',
      );
    };
    const { rollbacks, events } = services();
    const error = await rollbacks
      .rollback(
        {
          entityRef: DRIVER,
          historyId: 0,
          expectedRevision: repo.revisions[2],
          mode: 'git-revert',
        },
        caller,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ArgoActionConflictError);
    expect(error.message).toMatch(
      /^The branch of the GitOps repository moved since the rollback was reviewed/,
    );
    expect(error.current.application).toBe('driver');
    expect(await repo.file('services/driver/deploy.yaml')).toBe('replicas: 2');
    expect(argo.mutations()).toEqual([]);
    expect(events[0].fail.mock.calls[0][0].meta).toMatchObject({
      outcome: 'refused',
      reason: 'conflict',
    });
  });
});
