import { ArgoCdApi, startArgoCdApi } from './__testUtils__/startArgoCdApi';
import { paymentsManifests } from './__testUtils__/paymentsService';
import { OPERATION_DELAY_ANNOTATION } from './OperationTimers';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const SOURCE = {
  repoURL: 'http://127.0.0.1:7173/gitops.git',
  path: 'services/payments',
  targetRevision: 'main',
};

describe('POST /api/v1/applications/{name}/sync', () => {
  let api: ArgoCdApi;

  const deployment = () =>
    api.fixture.store.get(
      api.fixture.store.typeFor('apps/v1', 'Deployment')!,
      'payments',
      'payments',
    );
  const configMap = () =>
    api.fixture.store.get(
      api.fixture.store.typeFor('v1', 'ConfigMap')!,
      'payments',
      'payments-settings',
    );

  beforeEach(async () => {
    api = await startArgoCdApi();
  });

  afterEach(async () => {
    await api.stop();
  });

  it('answers at once with the operation set, runs it, then records the result and a history entry', async () => {
    await api.createManualPayments({ [OPERATION_DELAY_ANNOTATION]: '300' });
    const phases = api.recordPhases('payments');

    const answer = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { prune: true },
    );

    expect(answer.status).toBe(200);
    const operation = {
      sync: {
        revision: api.paymentsCommit,
        prune: true,
        source: SOURCE,
        syncOptions: ['CreateNamespace=true'],
      },
      initiatedBy: { username: 'ops-portal-writer' },
      retry: {},
    };
    expect(answer.body.operation).toEqual(operation);
    // Argo CD's SetAppOperation clears the last operation state; the controller then starts it.
    expect(answer.body.status.operationState).toBeUndefined();
    const running = (await api.call('GET', '/api/v1/applications/payments'))
      .body;
    expect(running.status.operationState).toEqual({
      operation,
      phase: 'Running',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(deployment()).toBeUndefined();

    const done = await api.waitForPhase('payments', 'Succeeded');
    const { startedAt } = running.status.operationState;
    expect(done.operation).toBeUndefined();
    expect(done.status.operationState).toEqual({
      operation,
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      syncResult: {
        revision: api.paymentsCommit,
        source: SOURCE,
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'payments',
            name: 'payments',
            status: 'Synced',
            message: 'deployment.apps/payments created',
            hookPhase: 'Running',
            syncPhase: 'Sync',
          },
          {
            group: '',
            version: 'v1',
            kind: 'Service',
            namespace: 'payments',
            name: 'payments',
            status: 'Synced',
            message: 'service/payments created',
            hookPhase: 'Running',
            syncPhase: 'Sync',
          },
        ],
      },
      startedAt,
      finishedAt: expect.stringMatching(/Z$/),
    });
    expect(done.status.history).toEqual([
      {
        id: 0,
        revision: api.paymentsCommit,
        deployedAt: expect.stringMatching(/Z$/),
        deployStartedAt: startedAt,
        source: SOURCE,
        initiatedBy: { username: 'ops-portal-writer' },
      },
    ]);
    expect(done.status.sync).toMatchObject({ status: 'Synced' });
    expect(deployment()).toBeDefined();
    expect(phases).toEqual(['Running', 'Succeeded']);

    // Argo CD records every successful sync, the same revision again included.
    await api.call('POST', '/api/v1/applications/payments/sync', {});
    const again = await api.waitForPhase('payments', 'Succeeded');
    expect(again.status.history.map((h: any) => h.id)).toEqual([0, 1]);
    expect(
      again.status.operationState.syncResult.resources.map(
        (r: any) => r.message,
      ),
    ).toEqual([
      'deployment.apps/payments unchanged',
      'service/payments unchanged',
    ]);
  });

  it('refuses another operation while one runs, as Argo CD does', async () => {
    await api.createManualPayments({ [OPERATION_DELAY_ANNOTATION]: '60000' });
    expect(
      (await api.call('POST', '/api/v1/applications/payments/sync', {})).status,
    ).toBe(200);

    const refusal = {
      error: 'another operation is already in progress',
      code: 9,
      message: 'another operation is already in progress',
    };
    const second = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { dryRun: true },
    );
    expect(second).toEqual({ status: 400, body: refusal });
    const rollback = await api.call(
      'POST',
      '/api/v1/applications/payments/rollback',
      { id: 0 },
    );
    expect(rollback.status).toBe(400);
    expect(api.application('payments')?.status.operationState.phase).toBe(
      'Running',
    );

    await api.call('DELETE', '/api/v1/applications/payments/operation');
    await api.waitForPhase('payments', 'Failed');
  });

  it('runs a dry run without applying anything, with kubectl dry-run messages and no history', async () => {
    await api.createManualPayments();
    await api.workspace.commitAndPush(
      {
        'services/payments/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: payments-settings
data:
  mode: live
`,
      },
      'Add payments settings',
    );
    await api.call('POST', '/api/v1/applications/payments/sync', {});
    const deployed = await api.waitForPhase('payments', 'Succeeded');
    const changed = await api.workspace.commitAndPush(
      {
        ...paymentsManifests('registry.ops.local/payments:2.0.0'),
        'services/payments/configmap.yaml': null,
      },
      'payments 2.0.0 without settings',
    );

    const answer = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { dryRun: true, prune: true },
    );

    expect(answer.body.operation.sync).toMatchObject({
      revision: changed,
      dryRun: true,
      prune: true,
    });
    const done = await api.waitForPhase('payments', 'Succeeded');
    expect(
      done.status.operationState.syncResult.resources.map((r: any) => [
        r.kind,
        r.status,
        r.message,
        r.hookPhase,
      ]),
    ).toEqual([
      [
        'Deployment',
        'Synced',
        'deployment.apps/payments configured (dry run)',
        'Succeeded',
      ],
      [
        'Service',
        'Synced',
        'service/payments unchanged (dry run)',
        'Succeeded',
      ],
      ['ConfigMap', 'Pruned', 'pruned (dry run)', 'Succeeded'],
    ]);
    expect(done.status.history).toEqual(deployed.status.history);
    expect(deployment()?.spec.template.spec.containers[0].image).toBe(
      'registry.ops.local/payments:1.0.0',
    );
    expect(configMap()).toBeDefined();
  });

  it('syncs only the named resources of a partial sync, without a history entry', async () => {
    await api.createManualPayments();

    await api.call('POST', '/api/v1/applications/payments/sync', {
      resources: [{ kind: 'Service', name: 'payments' }],
      strategy: { apply: { force: false } },
    });

    const done = await api.waitForPhase('payments', 'Succeeded');
    expect(done.status.operationState.operation.sync).toMatchObject({
      resources: [{ kind: 'Service', name: 'payments' }],
      syncStrategy: { apply: { force: false } },
    });
    expect(
      done.status.operationState.syncResult.resources.map((r: any) => r.kind),
    ).toEqual(['Service']);
    expect(done.status.history).toBeUndefined();
    expect(deployment()).toBeUndefined();
  });

  it('resolves the revision when asked and refuses one that does not resolve', async () => {
    await api.createManualPayments();

    const unknown = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { revision: 'no-such-branch' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 9,
      message:
        "error resolving repo revision: rpc error: code = Unknown desc = unable to resolve 'no-such-branch' to a commit SHA",
    });

    const byBranch = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { revision: 'main' },
    );
    expect(byBranch.body.operation.sync.revision).toBe(api.paymentsCommit);
    await api.waitForPhase('payments', 'Succeeded');
  });

  it('answers a missing Application as Argo CD 3 does: 403 without a project, 404 with one', async () => {
    expect(
      await api.call('POST', '/api/v1/applications/nope/sync', {}),
    ).toEqual({
      status: 403,
      body: {
        error: 'permission denied',
        code: 7,
        message: 'permission denied',
      },
    });
    const named = await api.call('POST', '/api/v1/applications/nope/sync', {
      project: 'default',
    });
    expect(named).toEqual({
      status: 404,
      body: {
        error: 'applications.argoproj.io "nope" not found',
        code: 5,
        message: 'applications.argoproj.io "nope" not found',
      },
    });
    const otherProject = await api.call(
      'POST',
      '/api/v1/applications/driver/sync',
      { project: 'other' },
    );
    expect(otherProject.status).toBe(404);
  });
});
