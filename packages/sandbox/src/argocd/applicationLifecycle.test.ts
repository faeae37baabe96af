import http from 'node:http';
import { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import {
  GitOpsFixture,
  startGitOpsFixture,
} from '../testUtils/startGitOpsFixture';
import { waitFor } from '../testUtils/waitFor';
import {
  paymentsApplication,
  paymentsManifests,
} from './__testUtils__/paymentsService';
import { createArgoCdRouter } from './createArgoCdRouter';
import { TRACKING_LABEL } from './trackedObjects';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const TOKEN = 'argo-token';

describe('Applications created through the Argo CD API', () => {
  let fixture: GitOpsFixture;
  let workspace: GitOpsWorkspace;
  let paymentsCommit: string;
  let server: http.Server;
  let url: string;

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${TOKEN}`,
      },
    });
  const create = (body: unknown, query = '') =>
    call(`/api/v1/applications${query}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
  const typeOf = (apiVersion: string, kind: string) =>
    fixture.store.typeFor(apiVersion, kind)!;
  const deployment = (namespace: string, name: string) =>
    fixture.store.get(typeOf('apps/v1', 'Deployment'), namespace, name);
  const application = (name: string) => fixture.reconciler.getApplication(name);

  beforeEach(async () => {
    fixture = await startGitOpsFixture();
    workspace = await GitOpsWorkspace.clone(fixture.git.repoUrl);
    paymentsCommit = await workspace.commitAndPush(
      paymentsManifests(),
      'Add payments',
    );
    server = http.createServer(
      createArgoCdRouter({
        store: fixture.store,
        reconciler: fixture.reconciler,
        token: TOKEN,
      }),
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
    await workspace.remove();
    await fixture.stop();
    if (fixture.errors.length > 0) {
      throw fixture.errors[0];
    }
  });

  it('creates an Application that is synced into a new namespace with status and history', async () => {
    const response = await create(paymentsApplication());
    expect(response.status).toBe(200);
    const created = await response.json();
    expect(created.metadata).toMatchObject({
      name: 'payments',
      namespace: 'argocd',
      uid: expect.any(String),
    });
    expect(created.spec.source.path).toBe('services/payments');

    const app = await waitFor(
      () =>
        application('payments')?.status?.sync?.status === 'Synced' &&
        application('payments'),
      { what: 'payments to be synced' },
    );
    expect(app.status.sync.revision).toBe(paymentsCommit);
    expect(app.status.operationState).toMatchObject({
      phase: 'Succeeded',
      operation: { initiatedBy: { automated: true } },
    });
    expect(app.status.history).toEqual([
      expect.objectContaining({ id: 0, revision: paymentsCommit }),
    ]);
    expect(
      fixture.store.get(typeOf('v1', 'Namespace'), undefined, 'payments'),
    ).toBeDefined();
    expect(deployment('payments', 'payments')?.metadata.labels).toMatchObject({
      [TRACKING_LABEL]: 'payments',
    });

    const read = await (await call('/api/v1/applications/payments')).json();
    expect(read.status.sync.status).toBe('Synced');
  });

  it('keeps reconciling an API-created Application on every poll', async () => {
    await create(paymentsApplication());
    await waitFor(() => application('payments')?.status?.history?.length, {
      what: 'the first deployment of payments',
    });
    const sha = await workspace.commitAndPush(
      paymentsManifests('registry.ops.local/payments:1.1.0'),
      'Bump payments',
    );

    await fixture.reconciler.pollOnce();

    const status = application('payments')!.status;
    expect(status.sync).toMatchObject({ status: 'Synced', revision: sha });
    expect(status.history.map((h: { revision: string }) => h.revision)).toEqual(
      [paymentsCommit, sha],
    );
    expect(
      deployment('payments', 'payments')?.spec.template.spec.containers[0]
        .image,
    ).toBe('registry.ops.local/payments:1.1.0');
  });

  it('returns the existing Application for the same spec and refuses a different one without upsert', async () => {
    const first = await (await create(paymentsApplication())).json();
    const again = await create(paymentsApplication());
    expect(again.status).toBe(200);
    expect((await again.json()).metadata.uid).toBe(first.metadata.uid);

    const other = paymentsApplication();
    other.spec.source.targetRevision = 'release';
    const refused = await create(other);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error:
        'existing application spec is different, use upsert flag to force update',
      code: 3,
      message:
        'existing application spec is different, use upsert flag to force update',
    });
    const refusedExplicitly = await create(other, '?upsert=false');
    expect(refusedExplicitly.status).toBe(400);
    expect(application('payments')!.spec.source.targetRevision).toBe('main');
  });

  it('replaces the spec with upsert=true and syncs the new one', async () => {
    await create(paymentsApplication());
    await waitFor(() => deployment('payments', 'payments'), {
      what: 'payments to be deployed',
    });
    await workspace.commitAndPush(
      {
        'services/payments-v2/deployment.yaml': paymentsManifests(
          'registry.ops.local/payments:2.0.0',
        )['services/payments/deployment.yaml'],
      },
      'Add payments v2 manifests',
    );

    const upserted = await create(
      paymentsApplication({ path: 'services/payments-v2' }),
      '?upsert=true',
    );
    expect(upserted.status).toBe(200);
    expect((await upserted.json()).spec.source.path).toBe(
      'services/payments-v2',
    );
    await waitFor(
      () =>
        deployment('payments', 'payments')?.spec.template.spec.containers[0]
          .image === 'registry.ops.local/payments:2.0.0',
      { what: 'the upserted path to be synced' },
    );
  });

  it('deletes an Application with its objects, or leaves them with cascade=false', async () => {
    await create(paymentsApplication());
    await waitFor(() => deployment('payments', 'payments'), {
      what: 'payments to be deployed',
    });

    const orphaning = await call(
      '/api/v1/applications/payments?cascade=false',
      {
        method: 'DELETE',
      },
    );
    expect(orphaning.status).toBe(200);
    expect(await orphaning.json()).toEqual({});
    expect(application('payments')).toBeUndefined();
    expect(deployment('payments', 'payments')).toBeDefined();

    await create(paymentsApplication());
    const deleted = await call('/api/v1/applications/payments', {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect(deployment('payments', 'payments')).toBeUndefined();
    expect((await call('/api/v1/applications/payments')).status).toBe(404);
    expect(
      (await call('/api/v1/applications/payments', { method: 'DELETE' }))
        .status,
    ).toBe(404);
  });

  it('fails the sync like Argo CD when the namespace is missing and CreateNamespace is off', async () => {
    await create(paymentsApplication({ createNamespace: false }));
    const app = await waitFor(
      () =>
        application('payments')?.status?.operationState?.phase === 'Failed' &&
        application('payments'),
      { what: 'the sync to fail' },
    );
    expect(app.status.operationState.syncResult.resources).toContainEqual(
      expect.objectContaining({
        kind: 'Deployment',
        status: 'SyncFailed',
        message: 'namespaces "payments" not found',
      }),
    );
    expect(deployment('payments', 'payments')).toBeUndefined();
  });

  it('picks up an Application that appears in apps/ after start on the next poll', async () => {
    const manifest = paymentsApplication();
    manifest.spec.source.repoURL = fixture.git.repoUrl;
    await workspace.commitAndPush(
      { 'apps/payments.yaml': stringify(manifest) },
      'Register payments with the app-of-apps root',
    );
    expect(application('payments')).toBeUndefined();

    await fixture.reconciler.pollOnce();

    expect(application('payments')?.status.sync.status).toBe('Synced');
    expect(deployment('payments', 'payments')).toBeDefined();
  });
});
