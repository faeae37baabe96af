import { ArgoCdApi, startArgoCdApi } from './__testUtils__/startArgoCdApi';
import { OPERATION_DELAY_ANNOTATION } from './OperationTimers';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const NOTHING_RUNNING = {
  error: 'Unable to terminate operation. No operation is in progress',
  code: 3,
  message: 'Unable to terminate operation. No operation is in progress',
};

describe('DELETE /api/v1/applications/{name}/operation', () => {
  let api: ArgoCdApi;

  const deployment = () =>
    api.fixture.store.get(
      api.fixture.store.typeFor('apps/v1', 'Deployment')!,
      'payments',
      'payments',
    );

  beforeEach(async () => {
    api = await startArgoCdApi();
  });

  afterEach(async () => {
    await api.stop();
  });

  it('terminates a running operation: Terminating, then Failed with nothing applied', async () => {
    await api.createManualPayments({ [OPERATION_DELAY_ANNOTATION]: '60000' });
    const phases = api.recordPhases('payments');
    const started = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      { prune: true },
    );
    const { operation } = started.body;
    const { startedAt } = api.application('payments')!.status.operationState;

    const answer = await api.call(
      'DELETE',
      '/api/v1/applications/payments/operation',
    );

    expect(answer).toEqual({ status: 200, body: {} });
    const ended = await api.waitForPhase('payments', 'Failed');
    expect(phases).toEqual(['Running', 'Terminating', 'Failed']);
    expect(ended.operation).toBeUndefined();
    expect(ended.status.operationState).toEqual({
      operation,
      phase: 'Failed',
      message: 'Operation terminated',
      syncResult: {
        revision: api.paymentsCommit,
        source: operation.sync.source,
      },
      startedAt,
      finishedAt: expect.stringMatching(/Z$/),
    });
    expect(ended.status.history).toBeUndefined();
    expect(deployment()).toBeUndefined();

    // The terminated operation never applies, and a new one may start.
    await api.fixture.reconciler.pollOnce();
    expect(deployment()).toBeUndefined();
    const next = await api.call(
      'POST',
      '/api/v1/applications/payments/sync',
      {},
    );
    expect(next.status).toBe(200);
    await api.call('DELETE', '/api/v1/applications/payments/operation');
    await api.waitForPhase('payments', 'Failed');
  });

  it('refuses with InvalidArgument when no operation is in progress', async () => {
    await api.createManualPayments();
    expect(
      await api.call('DELETE', '/api/v1/applications/payments/operation'),
    ).toEqual({ status: 400, body: NOTHING_RUNNING });

    await api.call('POST', '/api/v1/applications/payments/sync', {});
    await api.waitForPhase('payments', 'Succeeded');
    expect(
      await api.call('DELETE', '/api/v1/applications/payments/operation'),
    ).toEqual({ status: 400, body: NOTHING_RUNNING });
  });

  it('answers a missing Application with 403, or 404 when the project is named', async () => {
    expect(
      (await api.call('DELETE', '/api/v1/applications/nope/operation')).status,
    ).toBe(403);
    expect(
      await api.call(
        'DELETE',
        '/api/v1/applications/nope/operation?project=default',
      ),
    ).toMatchObject({ status: 404, body: { code: 5 } });
  });
});
