import { ArgoCdApi, startArgoCdApi } from './__testUtils__/startArgoCdApi';
import { paymentsManifests } from './__testUtils__/paymentsService';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

describe('POST /api/v1/applications/{name}/rollback', () => {
  let api: ArgoCdApi;

  const image = () =>
    api.fixture.store.get(
      api.fixture.store.typeFor('apps/v1', 'Deployment')!,
      'payments',
      'payments',
    )?.spec.template.spec.containers[0].image;

  beforeEach(async () => {
    api = await startArgoCdApi();
  });

  afterEach(async () => {
    await api.stop();
  });

  /** payments deployed at its first commit (history 0) and at a second one (history 1). */
  async function deployTwice(): Promise<string> {
    await api.createManualPayments();
    await api.call('POST', '/api/v1/applications/payments/sync', {});
    await api.waitForPhase('payments', 'Succeeded');
    const second = await api.workspace.commitAndPush(
      paymentsManifests('registry.ops.local/payments:2.0.0'),
      'payments 2.0.0',
    );
    await api.call('POST', '/api/v1/applications/payments/sync', {});
    await api.waitForPhase('payments', 'Succeeded');
    expect(image()).toBe('registry.ops.local/payments:2.0.0');
    return second;
  }

  it('syncs the revision and source of a history entry as an operation', async () => {
    const second = await deployTwice();
    const history = api.application('payments')!.status.history;

    const answer = await api.call(
      'POST',
      '/api/v1/applications/payments/rollback',
      { id: 0, prune: true },
    );

    expect(answer.status).toBe(200);
    expect(answer.body.operation).toEqual({
      sync: {
        revision: api.paymentsCommit,
        prune: true,
        syncStrategy: { apply: {} },
        source: history[0].source,
        syncOptions: ['CreateNamespace=true'],
      },
      initiatedBy: { username: 'ops-portal-writer' },
      retry: {},
    });
    const done = await api.waitForPhase('payments', 'Succeeded');
    expect(image()).toBe('registry.ops.local/payments:1.0.0');
    expect(done.status.history.map((h: any) => [h.id, h.revision])).toEqual([
      [0, api.paymentsCommit],
      [1, second],
      [2, api.paymentsCommit],
    ]);
    // The target revision is still the branch head: Argo CD shows the rolled back app OutOfSync.
    expect(done.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: second,
    });
  });

  it('takes the id as a string of digits, and a dry run applies nothing', async () => {
    await deployTwice();

    await api.call('POST', '/api/v1/applications/payments/rollback', {
      id: '0',
      dryRun: true,
    });

    const done = await api.waitForPhase('payments', 'Succeeded');
    expect(done.status.operationState.operation.sync).toMatchObject({
      revision: api.paymentsCommit,
      dryRun: true,
    });
    expect(
      done.status.operationState.syncResult.resources.map(
        (r: any) => r.message,
      ),
    ).toEqual([
      'deployment.apps/payments configured (dry run)',
      'service/payments unchanged (dry run)',
    ]);
    expect(image()).toBe('registry.ops.local/payments:2.0.0');
    expect(done.status.history).toHaveLength(2);
  });

  it('refuses an id the history does not hold, with InvalidArgument', async () => {
    await api.createManualPayments();
    expect(
      await api.call('POST', '/api/v1/applications/payments/rollback', {
        id: 42,
      }),
    ).toEqual({
      status: 400,
      body: {
        error: 'application payments does not have deployment with id 42',
        code: 3,
        message: 'application payments does not have deployment with id 42',
      },
    });
  });

  it('refuses while auto-sync is on, with FailedPrecondition', async () => {
    expect(
      await api.call('POST', '/api/v1/applications/driver/rollback', {
        id: 0,
      }),
    ).toEqual({
      status: 400,
      body: {
        error: 'rollback cannot be initiated when auto-sync is enabled',
        code: 9,
        message: 'rollback cannot be initiated when auto-sync is enabled',
      },
    });
  });

  it('answers a missing Application with 403, or 404 when the project is named', async () => {
    expect(
      (await api.call('POST', '/api/v1/applications/nope/rollback', { id: 0 }))
        .status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', '/api/v1/applications/nope/rollback', {
          id: 0,
          project: 'default',
        })
      ).status,
    ).toBe(404);
  });
});
