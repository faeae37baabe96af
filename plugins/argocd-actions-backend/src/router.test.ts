import { mockCredentials } from '@backstage/backend-test-utils';
import {
  argoActionConflictSchema,
  argoActionResultSchema,
  argoActionsStateResponseSchema,
  argoRollbackPreviewSchema,
} from '@internal/plugin-argocd-actions-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  actionsConfig,
  permissionsAllowing,
  startActionsBackend,
} from './__testUtils__/actionsBackend';
import {
  driverApplication,
  withRunningOperation,
} from './__testUtils__/argoApplication';
import {
  FakeArgoCd,
  grpcError,
  READER_TOKEN,
  WRITER_TOKEN,
} from './__testUtils__/fakeArgoCd';
import {
  GitOpsRepository,
  startGitOpsRepository,
} from './__testUtils__/gitopsRepository';

// Starts a backend per test, against a real git server: room for a loaded CI machine.
jest.setTimeout(60_000);

const DRIVER = 'component:default/driver';
const JANE = mockCredentials.user.header('user:default/jane');

const argo = new FakeArgoCd();
const msw = setupServer(...argo.handlers());

describe('argocd-actions router', () => {
  let repo: GitOpsRepository;

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
  });

  /** Puts the driver Application in Argo CD, syncing from the test repository. */
  function driver(options: { autoSync?: boolean; running?: boolean } = {}) {
    const app = driverApplication({
      autoSync: options.autoSync,
      repoURL: repo.server.repoUrl,
      revisions: repo.revisions,
    });
    argo.apps.set('driver', options.running ? withRunningOperation(app) : app);
    return app;
  }

  function start(names = ['ops.argocd.sync', 'ops.argocd.rollback']) {
    return startActionsBackend({
      config: actionsConfig(repo.server.repoUrl),
      permissions: permissionsAllowing(...names),
    });
  }

  const post = (server: any, path: string, body: object) =>
    request(server)
      .post(`/api/argocd-actions${path}`)
      .set('Authorization', JANE)
      .send(body);

  /** The one event of the request, with its final meta. */
  function lastEvent(events: any[]) {
    const event = events[events.length - 1];
    const ended = event.success.mock.calls[0] ?? event.fail.mock.calls[0];
    return { id: event.options.eventId, meta: ended?.[0].meta, event };
  }

  describe('GET /state', () => {
    it("answers the Application's state, read with the reader token, with the commits' authors", async () => {
      driver();
      argo.metadata.set(repo.revisions[2], {
        author: 'Jane <jane@example.com>',
        message: 'Add extra',
      });
      const { server } = await start([]);
      const response = await request(server)
        .get('/api/argocd-actions/state')
        .query({ entityRef: DRIVER })
        .set('Authorization', JANE);

      expect(response.status).toBe(200);
      expect(argoActionsStateResponseSchema.parse(response.body)).toEqual(
        response.body,
      );
      expect(response.body.operation.resources[0]).toMatchObject({
        kind: 'Deployment',
        status: 'SyncFailed',
      });
      expect(response.body).toMatchObject({
        instance: 'main',
        application: 'driver',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: repo.revisions[2],
        autoSync: false,
        rollbackMode: 'argocd',
        operation: { phase: 'Failed' },
      });
      // The revision without metadata (Argo CD answered 500) is listed without author.
      expect(response.body.history).toEqual([
        expect.objectContaining({
          id: 2,
          author: 'Jane <jane@example.com>',
          message: 'Add extra',
          current: true,
        }),
        expect.not.objectContaining({ author: expect.anything() }),
        expect.not.objectContaining({ author: expect.anything() }),
      ]);
      expect(argo.requests.every(r => r.token === READER_TOKEN)).toBe(true);
      expect(argo.mutations()).toEqual([]);
    });

    it.each([
      ['component:default/docs', 'has no argocd/app-name annotation'],
      [
        'component:default/bad',
        "has an invalid argocd/app-name annotation '../settings'",
      ],
    ])(
      'answers %s as not configured, asking Argo CD nothing',
      async (ref, words) => {
        const { server } = await start();
        const response = await request(server)
          .get('/api/argocd-actions/state')
          .query({ entityRef: ref })
          .set('Authorization', JANE);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          missingAnnotation: 'argocd/app-name',
          message: expect.stringContaining(words),
        });
        expect(argo.requests).toEqual([]);
      },
    );

    it('answers 400 without entityRef, 404 for an unknown entity, and Argo CD refusals by kind', async () => {
      const { server } = await start();
      const get = (query: object) =>
        request(server)
          .get('/api/argocd-actions/state')
          .query(query)
          .set('Authorization', JANE);

      const missing = await get({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toBe(
        'entityRef: entityRef is required',
      );
      expect((await get({ entityRef: 'component:default/nope' })).status).toBe(
        404,
      );

      // No such Application: Argo CD answers 403 without a project, and the message says why.
      const ghost = await get({ entityRef: 'component:default/ghost' });
      expect(ghost.status).toBe(403);
      expect(ghost.body.error).toEqual({
        name: 'NotAllowedError',
        message:
          "Argo CD 'main' refused to read Application 'ghost': permission denied (Argo CD answers so for an Application that does not exist, too)",
      });

      driver();
      argo.failNext(/^GET \/api\/v1\/applications\/driver$/, () =>
        grpcError(503, 14, 'connection refused to repo-server'),
      );
      const down = await get({ entityRef: DRIVER });
      expect(down.status).toBe(503);
      expect(down.body.error.message).toBe(
        "Argo CD 'main' answered 503 to GET /api/v1/applications/driver: connection refused to repo-server",
      );
    });
  });

  describe('POST /sync', () => {
    it('asks Argo CD to sync with prune and dry run, with the writer token, and answers the running operation', async () => {
      driver();
      const { server, events } = await start();
      const response = await post(server, '/sync', {
        entityRef: DRIVER,
        prune: true,
        dryRun: true,
      });

      expect(response.status).toBe(200);
      expect(argoActionResultSchema.parse(response.body)).toEqual(
        response.body,
      );
      expect(response.body.state.operation).toMatchObject({
        kind: 'sync',
        phase: 'Running',
        prune: true,
        dryRun: true,
      });
      expect(argo.mutations()).toEqual([
        {
          method: 'POST',
          url: 'POST /api/v1/applications/driver/sync',
          token: WRITER_TOKEN,
          body: { prune: true, dryRun: true, project: 'services' },
        },
      ]);
      const { id, meta, event } = lastEvent(events);
      expect(id).toBe('argocd-sync');
      expect(event.options.severityLevel).toBe('medium');
      expect(meta).toEqual({
        actor: 'user:default/jane',
        action: 'sync',
        entityRef: DRIVER,
        options: { prune: true, dryRun: true },
        instance: 'main',
        application: 'driver',
        operationPhase: 'Running',
        outcome: 'succeeded',
      });
    });

    it('answers 400 with the zod messages, audited as invalid, sending nothing', async () => {
      driver();
      const { server, events } = await start();
      const response = await post(server, '/sync', {
        entityRef: DRIVER,
        prune: 'yes',
        force: true,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        "prune: prune must be true or false; dryRun: Required; Unrecognized key(s) in object: 'force'",
      );
      expect(argo.requests).toEqual([]);
      const { id, meta, event } = lastEvent(events);
      expect(id).toBe('argocd-sync');
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'InputError' }),
        meta: {
          actor: 'user:default/jane',
          action: 'sync',
          entityRef: DRIVER,
          outcome: 'refused',
          reason: 'invalid',
        },
      });
      expect(meta.reason).toBe('invalid');
    });

    it('refuses a caller without ops.argocd.sync with 403 before Argo CD is asked anything', async () => {
      driver();
      const { server, events, permissions } = await start([]);
      const response = await post(server, '/sync', {
        entityRef: DRIVER,
        prune: false,
        dryRun: false,
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'You may not sync the Argo CD Application of component:default/driver (ops.argocd.sync): only its owners and the admin groups may',
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({ name: 'ops.argocd.sync' }),
            resourceRef: DRIVER,
          },
        ],
        expect.anything(),
      );
      expect(argo.requests).toEqual([]);
      expect(lastEvent(events).meta).toMatchObject({
        application: 'driver',
        outcome: 'refused',
        reason: 'denied',
      });
    });

    it('answers 409 with the current state while an operation runs, sending no sync', async () => {
      driver({ running: true });
      const { server, events } = await start();
      const response = await post(server, '/sync', {
        entityRef: DRIVER,
        prune: false,
        dryRun: false,
      });
      expect(response.status).toBe(409);
      expect(argoActionConflictSchema.parse(response.body)).toEqual(
        response.body,
      );
      expect(response.body.error.message).toBe(
        "Argo CD 'main' is already running an operation on Application 'driver' (Running); wait for it to finish or cancel it",
      );
      expect(response.body.current.operation.phase).toBe('Running');
      expect(argo.mutations()).toEqual([]);
      expect(lastEvent(events).meta).toMatchObject({
        outcome: 'refused',
        reason: 'conflict',
      });
    });

    it.each([
      [
        'an operation another replica started (409 with the state)',
        grpcError(
          400,
          9,
          'error setting app operation: another operation is already in progress',
        ),
        409,
        "Argo CD 'main' is already running an operation on Application 'driver'",
        'conflict',
      ],
      [
        "Argo CD's own refusal (403 with its message)",
        grpcError(403, 7, 'cannot sync: blocked by sync window'),
        403,
        "Argo CD 'main' refused to sync Application 'driver': cannot sync: blocked by sync window",
        'argocd-denied',
      ],
      [
        'an Application deleted meanwhile (404)',
        grpcError(404, 5, 'applications.argoproj.io "driver" not found'),
        404,
        "Argo CD 'main' has no Application 'driver'",
        'not-found',
      ],
      [
        'any other failure (503 naming Argo CD)',
        grpcError(500, 13, 'etcdserver: request timed out'),
        503,
        "Argo CD 'main' answered 500 to POST /api/v1/applications/driver/sync: etcdserver: request timed out",
        'upstream-error',
      ],
    ])('maps %s', async (_what, answer, status, message, reason) => {
      driver();
      argo.failNext(/^POST .*\/sync$/, () => answer);
      const { server, events } = await start();
      const response = await post(server, '/sync', {
        entityRef: DRIVER,
        prune: false,
        dryRun: false,
      });
      expect(response.status).toBe(status);
      expect(response.body.error.message).toBe(message);
      // Only a conflict carries the state that won.
      expect(response.body.current?.application).toBe(
        status === 409 ? 'driver' : undefined,
      );
      expect(lastEvent(events).meta).toMatchObject({
        outcome: status === 503 ? 'failed' : 'refused',
        reason,
      });
    });

    it('takes users only', async () => {
      driver();
      const { server } = await start();
      const response = await request(server)
        .post('/api/argocd-actions/sync')
        .set('Authorization', mockCredentials.service.header())
        .send({ entityRef: DRIVER, prune: false, dryRun: false });
      expect(response.status).toBe(403);
      expect(argo.requests).toEqual([]);
    });
  });

  describe('POST /refresh and /cancel', () => {
    it('hard-refreshes with the writer token', async () => {
      driver();
      const { server, events } = await start();
      const response = await post(server, '/refresh', { entityRef: DRIVER });
      expect(response.status).toBe(200);
      expect(argo.mutations()).toEqual([
        expect.objectContaining({
          url: 'GET /api/v1/applications/driver?refresh=hard&projects=services',
          token: WRITER_TOKEN,
        }),
      ]);
      expect(lastEvent(events)).toMatchObject({
        id: 'argocd-refresh',
        meta: { outcome: 'succeeded' },
      });
    });

    it('terminates a running operation, and answers 409 when none runs', async () => {
      driver({ running: true });
      const { server, events } = await start();
      const cancelled = await post(server, '/cancel', { entityRef: DRIVER });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.state.operation.phase).toBe('Terminating');
      expect(argo.mutations()).toEqual([
        expect.objectContaining({
          url: 'DELETE /api/v1/applications/driver/operation?project=services',
          token: WRITER_TOKEN,
        }),
      ]);
      expect(lastEvent(events)).toMatchObject({
        id: 'argocd-cancel',
        meta: { outcome: 'succeeded', operationPhase: 'Terminating' },
      });

      driver();
      argo.requests.length = 0;
      const idle = await post(server, '/cancel', { entityRef: DRIVER });
      expect(idle.status).toBe(409);
      expect(idle.body.error.message).toBe(
        "No operation is running on Application 'driver': there is nothing to cancel",
      );
      expect(argo.mutations()).toEqual([]);
    });

    it('refuses both to a caller without ops.argocd.sync', async () => {
      driver({ running: true });
      const { server } = await start(['ops.argocd.rollback']);
      for (const path of ['/refresh', '/cancel']) {
        const response = await post(server, path, { entityRef: DRIVER });
        expect(response.status).toBe(403);
      }
      expect(argo.requests).toEqual([]);
    });
  });

  describe('rollback with Argo CD (manual sync)', () => {
    it('previews the files that change between the running and the chosen revision', async () => {
      driver();
      const { server } = await start();
      const response = await post(server, '/rollback/preview', {
        entityRef: DRIVER,
        historyId: 0,
      });
      expect(response.status).toBe(200);
      expect(argoRollbackPreviewSchema.parse(response.body)).toEqual(
        response.body,
      );
      expect(response.body).toMatchObject({
        mode: 'argocd',
        historyId: 0,
        fromRevision: repo.revisions[2],
        toRevision: repo.revisions[0],
        files: [
          { path: 'services/driver/deploy.yaml', change: 'modified' },
          { path: 'services/driver/extra.yaml', change: 'deleted' },
        ],
      });
      expect(response.body.baseRevision).toBeUndefined();
      expect(response.body.files[0].diff).toContain(
        '-replicas: 2\n+replicas: 1',
      );
      expect(response.body.explanation).toBe(
        `Argo CD will sync Application driver back to ${repo.revisions[0].slice(
          0,
          7,
        )} (history entry 0). The GitOps repository is not changed, so the Application shows OutOfSync until Git matches again.`,
      );
      expect(argo.mutations()).toEqual([]);
    });

    it('rolls back by history id with POST, with the writer token', async () => {
      driver();
      const { server, events } = await start();
      const response = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 1,
        expectedRevision: repo.revisions[2],
        mode: 'argocd',
      });
      expect(response.status).toBe(200);
      expect(response.body.commit).toBeUndefined();
      expect(response.body.state.operation).toMatchObject({
        kind: 'rollback',
        phase: 'Running',
        revision: repo.revisions[1],
      });
      expect(argo.mutations()).toEqual([
        {
          method: 'POST',
          url: 'POST /api/v1/applications/driver/rollback',
          token: WRITER_TOKEN,
          body: { id: 1, project: 'services' },
        },
      ]);
      const { id, meta, event } = lastEvent(events);
      expect(id).toBe('argocd-rollback');
      expect(event.options.severityLevel).toBe('high');
      expect(meta).toMatchObject({
        options: { historyId: 1, expectedRevision: repo.revisions[2] },
        mode: 'argocd',
        fromRevision: repo.revisions[2],
        toRevision: repo.revisions[1],
        outcome: 'succeeded',
      });
    });

    it('answers 409 when the Application moved since the preview, and 404 for an unknown history id', async () => {
      driver();
      const { server, events } = await start();
      const moved = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 0,
        expectedRevision: repo.revisions[1],
        mode: 'argocd',
      });
      expect(moved.status).toBe(409);
      expect(moved.body.error.message).toBe(
        `Application 'driver' runs revision ${repo.revisions[2].slice(
          0,
          7,
        )}, not ${repo.revisions[1].slice(
          0,
          7,
        )} as when the rollback was reviewed; review it again`,
      );
      expect(moved.body.current.revision).toBe(repo.revisions[2]);

      const unknown = await post(server, '/rollback/preview', {
        entityRef: DRIVER,
        historyId: 9,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        "Application 'driver' has no history entry 9 (Argo CD keeps the last 3 deployments)",
      );
      expect(argo.mutations()).toEqual([]);
      expect(lastEvent(events).meta).toMatchObject({
        outcome: 'refused',
        reason: 'conflict',
      });
    });
  });

  describe('rollback with a revert commit (automated sync)', () => {
    it('previews the diff on the branch head, then commits the revert, pushes it and syncs', async () => {
      driver({ autoSync: true });
      const { server, events } = await start();
      const preview = await post(server, '/rollback/preview', {
        entityRef: DRIVER,
        historyId: 0,
      });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        mode: 'git-revert',
        baseRevision: repo.revisions[2],
        toRevision: repo.revisions[0],
        explanation: `A revert commit will be pushed to branch main of the GitOps repository, putting 2 files under services/driver/ back as they were at ${repo.revisions[0].slice(
          0,
          7,
        )} (history entry 0), and then Argo CD will sync Application driver.`,
      });

      const response = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 0,
        expectedRevision: preview.body.baseRevision,
        mode: 'git-revert',
      });
      expect(response.status).toBe(200);
      const head = await repo.head();
      expect(response.body.commit).toEqual({
        sha: head,
        url: `http://git.test/commit/${head}`,
      });
      expect(head).not.toBe(repo.revisions[2]);
      expect(await repo.file('services/driver/deploy.yaml')).toBe(
        'replicas: 1',
      );
      expect(await repo.file('services/driver/extra.yaml')).toBeUndefined();
      expect(await repo.file('services/other/app.yaml')).toBe('other: 1');
      expect(argo.mutations()).toEqual([
        expect.objectContaining({
          url: 'POST /api/v1/applications/driver/sync',
          token: WRITER_TOKEN,
          body: { project: 'services' },
        }),
      ]);
      expect(lastEvent(events).meta).toMatchObject({
        mode: 'git-revert',
        commit: head,
        files: ['services/driver/deploy.yaml', 'services/driver/extra.yaml'],
        outcome: 'succeeded',
      });
    });

    it('answers 409 when the branch moved since the preview, committing nothing', async () => {
      driver({ autoSync: true });
      const { server } = await start();
      const other = await repo.server.commitDirectly(
        'main',
        'services/other/app.yaml',
        'other: 2\n',
      );
      const response = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 0,
        expectedRevision: repo.revisions[2],
        mode: 'git-revert',
      });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe(
        `The branch of the GitOps repository moved since the rollback was reviewed (its head is ${other.slice(
          0,
          7,
        )}, not ${repo.revisions[2].slice(0, 7)}); review the rollback again`,
      );
      expect(await repo.head()).toBe(other);
      expect(argo.mutations()).toEqual([]);
    });

    it('answers 409 when auto-sync was turned on since an Argo CD rollback was reviewed, committing nothing', async () => {
      driver({ autoSync: true });
      const { server } = await start();
      const head = await repo.head();
      const response = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 0,
        expectedRevision: repo.revisions[2],
        mode: 'argocd',
      });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe(
        "Application 'driver' syncs automatically from Git now, so the rollback would be a revert commit in the GitOps repository, not what was reviewed; review it again",
      );
      expect(response.body.current.rollbackMode).toBe('git-revert');
      expect(await repo.head()).toBe(head);
      expect(argo.mutations()).toEqual([]);
    });

    it('refuses a caller without ops.argocd.rollback with 403: no commit, nothing sent', async () => {
      driver({ autoSync: true });
      const { server, events } = await start(['ops.argocd.sync']);
      const preview = await post(server, '/rollback/preview', {
        entityRef: DRIVER,
        historyId: 0,
      });
      expect(preview.status).toBe(403);
      expect(lastEvent(events)).toMatchObject({
        id: 'argocd-rollback-preview',
        meta: { outcome: 'refused', reason: 'denied' },
      });
      const response = await post(server, '/rollback', {
        entityRef: DRIVER,
        historyId: 0,
        expectedRevision: repo.revisions[2],
        mode: 'git-revert',
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'You may not roll back the Argo CD Application of component:default/driver (ops.argocd.rollback): only its owners and the admin groups may',
      );
      expect(argo.requests).toEqual([]);
      expect(repo.server.requests).toEqual([]);
      expect(await repo.head()).toBe(repo.revisions[2]);
    });
  });
});
