/* eslint-disable jest/no-export -- a suite module: this package's test calls it, and so can a run against a real Argo CD */
import { ArgoCdEndpoint, argoCdHttp, waitForApplication } from './argoCdHttp';

/**
 * The Argo CD operations contract: the wire format of the day-2 calls the portal makes (sync with
 * prune and dry run, hard refresh, rollback to a history entry, terminate), as Argo CD 3.x
 * answers them: paths, methods, bodies, status codes, `{error, code, message}` with gRPC codes,
 * and `operation`, `status.operationState` and `status.history` as the controller writes them.
 */

/** Where the suite finds an Argo CD, and the Applications it may sync. */
export interface ArgoCdOperationsContractTarget extends ArgoCdEndpoint {
  /** The AppProject of both Applications. */
  project: string;
  /**
   * An Application without `syncPolicy.automated`, deployed at least once (its history holds an
   * entry) and Synced; the suite syncs, dry-runs, terminates and rolls it back.
   */
  manualApplication: string;
  /** An Application with `syncPolicy.automated`, which Argo CD does not roll back. */
  automatedApplication: string;
  /**
   * Makes the manual Application's next operations stay `Running` for at least `ms` (0: as fast
   * as they go), so the suite can catch one running: the sandbox's operation-delay annotation; on
   * a real Argo CD, e.g. a PreSync hook that sleeps.
   */
  setOperationDelay(ms: number): Promise<void>;
}

const GRPC = { InvalidArgument: 3, PermissionDenied: 7, NotFound: 5 } as const;
const FAILED_PRECONDITION = 9;

const app = (name: string, sub = '') =>
  `/api/v1/applications/${encodeURIComponent(name)}${sub}`;

/** An Application whose operation has ended: `operation` cleared, a final phase. */
const ended = (application: any) =>
  !application.operation &&
  ['Succeeded', 'Failed', 'Error'].includes(
    application.status?.operationState?.phase,
  );

/** grpc-gateway's error body. */
const grpcError = (code: number, message: string) => ({
  error: message,
  code,
  message,
});

/** Declares the suite; `getTarget` is called in each test (targets start in `beforeAll`). */
export function describeArgoCdOperationsContract(
  getTarget: () => ArgoCdOperationsContractTarget,
): void {
  describe('the Argo CD operations contract', () => {
    const call = (method: string, path: string, body?: unknown) =>
      argoCdHttp(getTarget(), method, path, body);
    const untilEnded = (name: string) =>
      waitForApplication(getTarget(), name, ended, `the operation of ${name}`);

    afterEach(async () => {
      await getTarget().setOperationDelay(0);
    });

    it('answers a sync at once with the operation set, then records its result and a history entry', async () => {
      const { manualApplication: name } = getTarget();
      const before = (await call('GET', app(name))).body;

      const answer = await call('POST', app(name, '/sync'), { prune: true });

      expect(answer.status).toBe(200);
      expect(answer.body.metadata.name).toBe(name);
      expect(answer.body.operation).toMatchObject({
        sync: {
          revision: expect.stringMatching(/^[0-9a-f]{40}$/),
          prune: true,
        },
        initiatedBy: { username: expect.any(String) },
      });
      expect(answer.body.status.operationState).toBeUndefined();

      const done = await untilEnded(name);
      const state = done.status.operationState;
      expect(state).toMatchObject({
        operation: answer.body.operation,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: expect.stringMatching(/Z$/),
        finishedAt: expect.stringMatching(/Z$/),
        syncResult: { revision: answer.body.operation.sync.revision },
      });
      expect(state.syncResult.resources.length).toBeGreaterThan(0);
      for (const resource of state.syncResult.resources) {
        expect(resource).toEqual({
          group: expect.any(String),
          version: expect.any(String),
          kind: expect.any(String),
          namespace: expect.any(String),
          name: expect.any(String),
          status: 'Synced',
          message: expect.stringMatching(
            /^[a-z0-9.]+\/[a-z0-9.-]+ (created|configured|unchanged)$/,
          ),
          hookPhase: 'Running',
          syncPhase: 'Sync',
        });
      }
      const history = done.status.history;
      expect(history).toHaveLength(before.status.history.length + 1);
      expect(history[history.length - 1]).toEqual({
        id: before.status.history[before.status.history.length - 1].id + 1,
        revision: answer.body.operation.sync.revision,
        deployedAt: expect.stringMatching(/Z$/),
        deployStartedAt: state.startedAt,
        source: expect.objectContaining({ repoURL: expect.any(String) }),
        initiatedBy: answer.body.operation.initiatedBy,
      });
    });

    it('runs a dry run: kubectl dry-run messages, nothing recorded in the history', async () => {
      const { manualApplication: name } = getTarget();
      const before = (await call('GET', app(name))).body;

      const answer = await call('POST', app(name, '/sync'), {
        dryRun: true,
        prune: true,
      });

      expect(answer.status).toBe(200);
      expect(answer.body.operation.sync).toMatchObject({
        dryRun: true,
        prune: true,
      });
      const done = await untilEnded(name);
      expect(done.status.operationState.phase).toBe('Succeeded');
      for (const resource of done.status.operationState.syncResult.resources) {
        expect(resource.message).toMatch(/ \(dry run\)$/);
        expect(resource.hookPhase).toBe('Succeeded');
      }
      expect(done.status.history).toEqual(before.status.history);
    });

    it('refuses a second operation while one runs, and terminates the running one', async () => {
      const target = getTarget();
      const name = target.manualApplication;
      await target.setOperationDelay(60_000);
      const started = await call('POST', app(name, '/sync'), {});
      expect(started.status).toBe(200);
      await waitForApplication(
        target,
        name,
        a => a.status?.operationState?.phase === 'Running',
        `the operation of ${name} to run`,
      );

      const second = await call('POST', app(name, '/sync'), {});
      expect(second).toMatchObject({
        status: 400,
        body: grpcError(
          FAILED_PRECONDITION,
          'another operation is already in progress',
        ),
      });

      const terminated = await call('DELETE', app(name, '/operation'));
      expect(terminated).toMatchObject({ status: 200, body: {} });
      const done = await untilEnded(name);
      expect(done.status.operationState).toMatchObject({
        phase: 'Failed',
        message: 'Operation terminated',
        operation: started.body.operation,
      });
    });

    it('refuses to terminate when no operation is in progress', async () => {
      const response = await call(
        'DELETE',
        app(getTarget().manualApplication, '/operation'),
      );
      expect(response).toMatchObject({
        status: 400,
        body: grpcError(
          GRPC.InvalidArgument,
          'Unable to terminate operation. No operation is in progress',
        ),
      });
    });

    it('rolls back to a history entry as an operation, and refuses what Argo CD refuses', async () => {
      const target = getTarget();
      const name = target.manualApplication;
      const history = (await call('GET', app(name))).body.status.history;
      const entry = history[0];

      const answer = await call('POST', app(name, '/rollback'), {
        id: entry.id,
        prune: true,
      });

      expect(answer.status).toBe(200);
      expect(answer.body.operation).toMatchObject({
        sync: {
          revision: entry.revision,
          prune: true,
          syncStrategy: { apply: {} },
          source: entry.source,
        },
        initiatedBy: { username: expect.any(String) },
      });
      expect((await untilEnded(name)).status.operationState.phase).toBe(
        'Succeeded',
      );

      const unknownId = 1_000_000;
      expect(
        await call('POST', app(name, '/rollback'), { id: unknownId }),
      ).toMatchObject({
        status: 400,
        body: grpcError(
          GRPC.InvalidArgument,
          `application ${name} does not have deployment with id ${unknownId}`,
        ),
      });
      expect(
        await call('POST', app(target.automatedApplication, '/rollback'), {
          id: 0,
        }),
      ).toMatchObject({
        status: 400,
        body: grpcError(
          FAILED_PRECONDITION,
          'rollback cannot be initiated when auto-sync is enabled',
        ),
      });
    });

    it('refreshes hard and answers the refreshed Application', async () => {
      const { manualApplication: name, project } = getTarget();
      const response = await call(
        'GET',
        `${app(name)}?refresh=hard&projects=${encodeURIComponent(project)}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.metadata.name).toBe(name);
      expect(response.body.status).toMatchObject({
        reconciledAt: expect.stringMatching(/Z$/),
        sync: { revision: expect.stringMatching(/^[0-9a-f]{40}$/) },
      });
    });

    it('answers a missing Application with 403 without a project and 404 with one', async () => {
      const missing = 'no-such-application-contract';
      expect(await call('POST', app(missing, '/sync'), {})).toMatchObject({
        status: 403,
        body: grpcError(GRPC.PermissionDenied, 'permission denied'),
      });
      expect(
        await call('POST', app(missing, '/sync'), {
          project: getTarget().project,
        }),
      ).toMatchObject({
        status: 404,
        body: grpcError(
          GRPC.NotFound,
          `applications.argoproj.io "${missing}" not found`,
        ),
      });
    });

    it('routes by method: rollback is POST, another method is 405', async () => {
      const response = await call(
        'PUT',
        app(getTarget().manualApplication, '/rollback'),
        { id: 0 },
      );
      expect(response.status).toBe(405);
    });
  });
}
