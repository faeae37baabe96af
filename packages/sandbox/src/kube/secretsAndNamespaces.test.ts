import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { expectApiError, kubeConfig } from './__testUtils__/kubeClient';
import { createKubeApiRouter } from './createKubeApiRouter';

const TOKEN = 'test-token';

function clientSecret(namespace: string, value: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'payments-oidc-client',
      namespace,
      labels: { 'backstage.io/kubernetes-id': 'payments' },
    },
    type: 'Opaque',
    stringData: { 'client-secret': value },
  };
}

const base64 = (value: string) => Buffer.from(value).toString('base64');

describe('Secrets and Namespaces through @kubernetes/client-node', () => {
  let server: Server;
  let core: CoreV1Api;

  beforeAll(async () => {
    const app = createKubeApiRouter({
      store: new MemoryClusterStore(),
      token: TOKEN,
    });
    server = await new Promise<Server>(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    core = kubeConfig(port, TOKEN).makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('creates and reads a Namespace, 409 on a second create, 404 for an unknown one', async () => {
    const created = await core.createNamespace({
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'payments', labels: { team: 'billing' } },
      },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.status?.phase).toBe('Active');

    const read = await core.readNamespace({ name: 'payments' });
    expect(read.metadata?.labels).toEqual({
      team: 'billing',
      'kubernetes.io/metadata.name': 'payments',
    });

    const duplicate = await expectApiError(
      core.createNamespace({ body: { metadata: { name: 'payments' } } }),
      409,
    );
    expect(duplicate).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "payments" already exists',
      reason: 'AlreadyExists',
      details: { name: 'payments', kind: 'namespaces' },
      code: 409,
    });

    const missing = await expectApiError(
      core.readNamespace({ name: 'nowhere' }),
      404,
    );
    expect(missing).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', kind: 'namespaces' },
    });
  });

  it('refuses a Secret in a namespace that does not exist with the namespace NotFound Status', async () => {
    const body = await expectApiError(
      core.createNamespacedSecret({
        namespace: 'ghost',
        body: clientSecret('ghost', 'x'),
      }),
      404,
    );
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', kind: 'namespaces' },
      code: 404,
    });
    await expectApiError(core.readNamespace({ name: 'ghost' }), 404);
  });

  it('creates a Secret from stringData and reads it back as base64 data', async () => {
    await core.createNamespace({ body: { metadata: { name: 'orders' } } });
    const created = await core.createNamespacedSecret({
      namespace: 'orders',
      body: clientSecret('orders', 'first-secret'),
    });
    expect(created.data).toEqual({ 'client-secret': base64('first-secret') });
    expect(created.stringData).toBeUndefined();

    const read = await core.readNamespacedSecret({
      name: 'payments-oidc-client',
      namespace: 'orders',
    });
    expect(read.type).toBe('Opaque');
    expect(read.data).toEqual({ 'client-secret': base64('first-secret') });
    expect(read.metadata?.resourceVersion).toBe(
      created.metadata?.resourceVersion,
    );
  });

  it('answers a second create with 409 AlreadyExists and a missing Secret with 404', async () => {
    await core.createNamespace({ body: { metadata: { name: 'billing' } } });
    await core.createNamespacedSecret({
      namespace: 'billing',
      body: clientSecret('billing', 'one'),
    });
    const duplicate = await expectApiError(
      core.createNamespacedSecret({
        namespace: 'billing',
        body: clientSecret('billing', 'two'),
      }),
      409,
    );
    expect(duplicate).toMatchObject({
      reason: 'AlreadyExists',
      message: 'secrets "payments-oidc-client" already exists',
      details: { name: 'payments-oidc-client', kind: 'secrets' },
    });

    const missing = await expectApiError(
      core.readNamespacedSecret({ name: 'nope', namespace: 'billing' }),
      404,
    );
    expect(missing).toMatchObject({
      reason: 'NotFound',
      message: 'secrets "nope" not found',
      details: { name: 'nope', kind: 'secrets' },
    });
  });

  it('replaces a Secret, folding new stringData and checking resourceVersion', async () => {
    await core.createNamespace({ body: { metadata: { name: 'rotate' } } });
    const created = await core.createNamespacedSecret({
      namespace: 'rotate',
      body: clientSecret('rotate', 'old'),
    });
    const replaced = await core.replaceNamespacedSecret({
      name: 'payments-oidc-client',
      namespace: 'rotate',
      body: {
        ...clientSecret('rotate', 'new'),
        metadata: {
          ...clientSecret('rotate', 'new').metadata,
          resourceVersion: created.metadata?.resourceVersion,
        },
      },
    });
    expect(replaced.data).toEqual({ 'client-secret': base64('new') });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );

    const stale = await expectApiError(
      core.replaceNamespacedSecret({
        name: 'payments-oidc-client',
        namespace: 'rotate',
        body: {
          ...clientSecret('rotate', 'newer'),
          metadata: {
            ...clientSecret('rotate', 'newer').metadata,
            resourceVersion: created.metadata?.resourceVersion,
          },
        },
      }),
      409,
    );
    expect(stale.reason).toBe('Conflict');

    const missing = await expectApiError(
      core.replaceNamespacedSecret({
        name: 'absent',
        namespace: 'rotate',
        body: {
          ...clientSecret('rotate', 'x'),
          metadata: { name: 'absent', namespace: 'rotate' },
        },
      }),
      404,
    );
    expect(missing.message).toBe('secrets "absent" not found');
  });

  it('refuses data that is not base64 with 400 BadRequest', async () => {
    await core.createNamespace({ body: { metadata: { name: 'strict' } } });
    const body = await expectApiError(
      core.createNamespacedSecret({
        namespace: 'strict',
        body: {
          metadata: { name: 'bad', namespace: 'strict' },
          data: { token: 'plain text' },
        },
      }),
      400,
    );
    expect(body).toMatchObject({
      reason: 'BadRequest',
      message:
        'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 5',
    });
  });
});
