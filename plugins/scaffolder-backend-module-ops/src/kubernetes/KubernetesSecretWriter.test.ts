import http from 'node:http';
import { AddressInfo } from 'node:net';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http as mswHttp, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { FakeKubernetes } from './__testUtils__/FakeKubernetes';
import { KubernetesSecretWriter, SecretSpec } from './KubernetesSecretWriter';
import { ClusterWriter } from '@internal/plugin-ops-node';

const URL_ = 'http://k8s.test';
const server = setupServer();
registerMswTestHooks(server);

const cluster: ClusterWriter = {
  name: 'sandbox',
  url: URL_,
  serviceAccountToken: 'sa-token',
  skipTLSVerify: true,
};

const labels = {
  'backstage.io/kubernetes-id': 'payments',
  'app.kubernetes.io/managed-by': 'ops-portal',
};
const spec: SecretSpec = {
  namespace: 'payments',
  name: 'payments-oidc',
  labels,
  values: { 'client-id': 'payments', 'client-secret': 'very-secret-value' },
};
const b64 = (s: string) => Buffer.from(s).toString('base64');
const OWNER = 'group:default/team-drivers';
const owned = { owner: OWNER };
const ownedNamespace = (owner = OWNER) => ({
  metadata: { name: 'payments', annotations: { 'ops-portal/owner': owner } },
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
}

describe('KubernetesSecretWriter', () => {
  let kube: FakeKubernetes;

  beforeEach(() => {
    kube = new FakeKubernetes(URL_, 'sa-token');
    server.use(...kube.handlers());
  });

  it('creates a missing namespace, then an Opaque Secret with base64 data and labels', async () => {
    const writer = new KubernetesSecretWriter(cluster);
    await expect(writer.ensureNamespace('payments', owned)).resolves.toBe(
      'created',
    );
    await expect(writer.applySecret(spec)).resolves.toBe('created');

    expect(kube.namespaces.get('payments')!.metadata).toMatchObject({
      labels: { 'app.kubernetes.io/managed-by': 'ops-portal' },
      annotations: { 'ops-portal/owner': OWNER },
    });

    const secret = kube.secrets.get('payments/payments-oidc')!;
    expect(secret).toMatchObject({
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'payments-oidc', namespace: 'payments', labels },
      data: {
        'client-id': b64('payments'),
        'client-secret': b64('very-secret-value'),
      },
    });
    expect(kube.requests).toEqual([
      'GET /api/v1/namespaces/payments',
      'POST /api/v1/namespaces',
      'GET /api/v1/namespaces/payments/secrets/payments-oidc',
      'POST /api/v1/namespaces/payments/secrets',
    ]);
  });

  it("leaves the owner's existing namespace and an identical Secret alone", async () => {
    const writer = new KubernetesSecretWriter(cluster);
    kube.seed('Namespace', ownedNamespace());
    await writer.applySecret(spec);
    kube.requests.length = 0;

    await expect(writer.ensureNamespace('payments', owned)).resolves.toBe(
      'existing',
    );
    await expect(writer.applySecret(spec)).resolves.toBe('unchanged');
    expect(kube.requests).toEqual([
      'GET /api/v1/namespaces/payments',
      'GET /api/v1/namespaces/payments/secrets/payments-oidc',
    ]);
  });

  it.each([
    [
      "another owner's namespace",
      ownedNamespace('group:default/team-giropops'),
      "namespace 'payments' belongs to group:default/team-giropops, not group:default/team-drivers; refusing to write into it",
    ],
    [
      'a namespace the portal did not create',
      { metadata: { name: 'payments', labels: { team: 'x' } } },
      "namespace 'payments' exists and is not managed by the portal (no ops-portal/owner annotation); refusing to write into it",
    ],
  ])('refuses %s and writes nothing', async (_case, namespace, message) => {
    kube.seed('Namespace', namespace);
    const error = await failureOf(
      new KubernetesSecretWriter(cluster).ensureNamespace('payments', owned),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(`Kubernetes cluster 'sandbox': ${message}`);
    expect(kube.requests).toEqual(['GET /api/v1/namespaces/payments']);
  });

  it('refuses a namespace it may not read that turns out to exist', async () => {
    kube.seed('Namespace', ownedNamespace());
    kube.forbid = /^GET \/api\/v1\/namespaces\/payments$/;
    const error = await failureOf(
      new KubernetesSecretWriter(cluster).ensureNamespace('payments', owned),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      "namespace 'payments' exists and its owner cannot be read",
    );
  });

  it('creates a namespace it may not read when it does not exist, annotated with the owner', async () => {
    kube.forbid = /^GET \/api\/v1\/namespaces\/payments$/;
    await expect(
      new KubernetesSecretWriter(cluster).ensureNamespace('payments', owned),
    ).resolves.toBe('created');
    expect(kube.namespaces.get('payments')!.metadata.annotations).toEqual({
      'ops-portal/owner': OWNER,
    });
  });

  it('replaces a managed Secret with other data, sending the resourceVersion it read', async () => {
    kube.seed('Namespace', { metadata: { name: 'payments' } });
    const old = kube.seed('Secret', {
      type: 'Opaque',
      metadata: { name: 'payments-oidc', namespace: 'payments', labels },
      data: { 'client-id': b64('payments'), 'client-secret': b64('old') },
    });

    await expect(
      new KubernetesSecretWriter(cluster).applySecret(spec),
    ).resolves.toBe('replaced');
    expect(kube.bodies.at(-1)!.metadata.resourceVersion).toBe(
      old.metadata.resourceVersion,
    );
    expect(
      kube.secrets.get('payments/payments-oidc')!.data['client-secret'],
    ).toBe(b64('very-secret-value'));
  });

  it('never overwrites a Secret the portal does not manage', async () => {
    kube.seed('Namespace', { metadata: { name: 'payments' } });
    kube.seed('Secret', {
      type: 'Opaque',
      metadata: { name: 'payments-oidc', namespace: 'payments' },
      data: { token: b64('someone else') },
    });

    const error = await failureOf(
      new KubernetesSecretWriter(cluster).applySecret(spec),
    );
    expect(error.message).toContain(
      'Secret payments/payments-oidc already exists and is not labelled app.kubernetes.io/managed-by=ops-portal',
    );
    expect(kube.requests.filter(r => r.startsWith('PUT'))).toEqual([]);
  });

  it('fails on a concurrent change instead of overwriting it', async () => {
    kube.seed('Namespace', { metadata: { name: 'payments' } });
    kube.seed('Secret', {
      type: 'Opaque',
      metadata: { name: 'payments-oidc', namespace: 'payments', labels },
      data: {},
    });
    // Someone else writes between our read and our replace.
    server.use(
      mswHttp.get(
        `${URL_}/api/v1/namespaces/payments/secrets/payments-oidc`,
        () => {
          const current = kube.secrets.get('payments/payments-oidc')!;
          const stale = structuredClone(current);
          kube.seed('Secret', current);
          return HttpResponse.json(stale);
        },
      ),
    );

    const error = await failureOf(
      new KubernetesSecretWriter(cluster).applySecret(spec),
    );
    expect(error.message).toBe(
      `Kubernetes cluster 'sandbox' refused replacing Secret payments/payments-oidc (409 Conflict: Operation cannot be fulfilled on secrets "payments-oidc": the object has been modified; please apply your changes to the latest version and try again)`,
    );
  });

  it("surfaces the API server's Status message without the Secret's data", async () => {
    kube.seed('Namespace', { metadata: { name: 'payments' } });
    kube.forbid = /^POST .*\/secrets$/;

    const error = await failureOf(
      new KubernetesSecretWriter(cluster).applySecret(spec),
    );
    expect(error.message).toBe(
      `Kubernetes cluster 'sandbox' refused creating Secret payments/payments-oidc (403 Forbidden: forbidden: POST /api/v1/namespaces/payments/secrets is not allowed for this service account); check the serviceAccountToken of the cluster and its RBAC`,
    );
    expect(error.message).not.toContain('very-secret-value');
    expect(error.message).not.toContain(b64('very-secret-value'));
  });

  it('reports an unreachable API server', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    server.use(mswHttp.all(`${url}/*`, () => passthrough()));

    const error = await failureOf(
      new KubernetesSecretWriter({ ...cluster, url }).ensureNamespace(
        'payments',
        owned,
      ),
    );
    expect(error.message).toBe(
      `Kubernetes cluster 'sandbox' is unreachable (ECONNREFUSED) while reading namespace 'payments'`,
    );
  });

  it('gives up after the timeout', async () => {
    server.use(
      mswHttp.get(`${URL_}/api/v1/namespaces/payments`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    const error = await failureOf(
      new KubernetesSecretWriter(cluster, { timeoutMs: 50 }).ensureNamespace(
        'payments',
        owned,
      ),
    );
    expect(error.message).toBe(
      `Kubernetes cluster 'sandbox' did not answer within 50 ms while reading namespace 'payments'`,
    );
  });
});
