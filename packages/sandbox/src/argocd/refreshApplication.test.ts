import { ArgoCdApi, startArgoCdApi } from './__testUtils__/startArgoCdApi';
import { paymentsManifests } from './__testUtils__/paymentsService';
import { ManifestReader } from './manifestsAtRevision';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const LONG_AGO = '2000-01-01T00:00:00Z';

describe('GET /api/v1/applications/{name}?refresh=', () => {
  let api: ArgoCdApi;

  beforeEach(async () => {
    api = await startArgoCdApi();
    await api.createManualPayments();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await api.stop();
  });

  /** Pushes a commit the stand-in has not polled yet and backdates the last reconciliation. */
  async function commitUnseen(image: string): Promise<string> {
    const sha = await api.workspace.commitAndPush(
      paymentsManifests(image),
      `payments ${image}`,
    );
    const app = api.application('payments')!;
    const { resourceVersion: _ignored, ...metadata } = app.metadata;
    api.fixture.store.updateStatus({
      ...app,
      metadata,
      status: { ...app.status, reconciledAt: LONG_AGO },
    });
    return sha;
  }

  it.each(['normal', 'hard'])(
    're-reads the repository at once with refresh=%s and answers the refreshed Application',
    async refresh => {
      const forget = jest.spyOn(ManifestReader.prototype, 'forget');
      const sha = await commitUnseen('registry.ops.local/payments:3.0.0');
      const plain = await api.call('GET', '/api/v1/applications/payments');
      expect(plain.body.status.sync.revision).toBe(api.paymentsCommit);

      const refreshed = await api.call(
        'GET',
        `/api/v1/applications/payments?refresh=${refresh}`,
      );

      expect(refreshed.status).toBe(200);
      expect(refreshed.body.status.sync).toMatchObject({
        status: 'OutOfSync',
        revision: sha,
      });
      expect(refreshed.body.status.reconciledAt).not.toBe(LONG_AGO);
      expect(forget).toHaveBeenCalledTimes(refresh === 'hard' ? 1 : 0);
    },
  );

  it('checks the project it is given', async () => {
    expect(
      (await api.call('GET', '/api/v1/applications/payments?projects=default'))
        .status,
    ).toBe(200);
    expect(
      await api.call(
        'GET',
        '/api/v1/applications/payments?refresh=hard&projects=other',
      ),
    ).toMatchObject({ status: 404, body: { code: 5 } });
    expect(
      await api.call(
        'GET',
        '/api/v1/applications/payments?projects=default&projects=other',
      ),
    ).toMatchObject({
      status: 400,
      body: {
        code: 3,
        message:
          'multiple projects specified - the get endpoint accepts either zero or one project',
      },
    });
  });
});
