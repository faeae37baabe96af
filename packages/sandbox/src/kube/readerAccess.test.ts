import express from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createKubeApiRouter } from './createKubeApiRouter';
import {
  forbiddenStatus,
  READER_USER,
  requestAttributes,
} from './readerAccess';

const WRITER = 'writer-token';
const READER = 'reader-token';

describe('requestAttributes', () => {
  it.each([
    [
      'GET',
      '/api/v1/namespaces/driver/secrets/x',
      {},
      'get',
      { plural: 'secrets', namespace: 'driver', name: 'x' },
    ],
    [
      'GET',
      '/api/v1/namespaces/driver/secrets',
      {},
      'list',
      { plural: 'secrets', namespace: 'driver' },
    ],
    [
      'GET',
      '/api/v1/secrets',
      { watch: 'true' },
      'watch',
      { plural: 'secrets' },
    ],
    [
      'POST',
      '/apis/apps/v1/namespaces/a/deployments',
      {},
      'create',
      { group: 'apps', plural: 'deployments' },
    ],
    [
      'PUT',
      '/apis/apps/v1/namespaces/a/deployments/d/status',
      {},
      'update',
      { subresource: 'status' },
    ],
    [
      'PATCH',
      '/api/v1/namespaces/a/configmaps/c',
      {},
      'patch',
      { plural: 'configmaps' },
    ],
    [
      'DELETE',
      '/api/v1/namespaces/a/pods',
      {},
      'deletecollection',
      { plural: 'pods' },
    ],
    [
      'DELETE',
      '/api/v1/namespaces/a',
      {},
      'delete',
      { plural: 'namespaces', name: 'a', namespace: 'a' },
    ],
  ])('%s %s %j → %s', (method, path, query, verb, resource) => {
    const attributes = requestAttributes(method, path, query);
    expect(attributes.verb).toBe(verb);
    expect(attributes.resource).toMatchObject(resource);
  });

  it('treats discovery paths as non-resource requests', () => {
    expect(requestAttributes('POST', '/apis/apps/v1', {})).toEqual({
      verb: 'post',
      path: '/apis/apps/v1',
    });
  });
});

describe('forbiddenStatus', () => {
  it.each([
    [
      'GET',
      '/api/v1/namespaces/driver/secrets/x',
      'secrets "x" is forbidden: User "u" cannot get resource "secrets" in API group "" in the namespace "driver"',
      { name: 'x', kind: 'secrets' },
    ],
    [
      'GET',
      '/api/v1/secrets',
      'secrets is forbidden: User "u" cannot list resource "secrets" in API group "" at the cluster scope',
      { kind: 'secrets' },
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/a/deployments/d/scale',
      'deployments.apps "d" is forbidden: User "u" cannot patch resource "deployments/scale" in API group "apps" in the namespace "a"',
      { name: 'd', group: 'apps', kind: 'deployments' },
    ],
    ['POST', '/api', 'forbidden: User "u" cannot post path "/api"', undefined],
  ])('words %s %s as kube-apiserver', (method, path, message, details) => {
    expect(forbiddenStatus('u', requestAttributes(method, path, {}))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: 'Forbidden',
      ...(details && { details }),
      code: 403,
    });
  });
});

describe('the Kubernetes API with the reader token', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app: express.Express = createKubeApiRouter({
      store: new MemoryClusterStore(),
      token: WRITER,
      readerToken: READER,
    });
    server = await new Promise<Server>(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'driver' },
    };
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'driver-oidc-client', namespace: 'driver' },
      stringData: { 'client-secret': 's3cr3t' },
    };
    for (const [path, body] of [
      ['/api/v1/namespaces', namespace],
      ['/api/v1/namespaces/driver/secrets', secret],
    ] as const) {
      const created = await call('POST', path, WRITER, body);
      if (created.status !== 201) {
        throw new Error(`setup: POST ${path} answered ${created.status}`);
      }
    }
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  async function call(
    method: string,
    path: string,
    token: string,
    body?: object,
  ) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body && { 'Content-Type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it.each([
    [
      'GET',
      '/api/v1/namespaces/driver/secrets/driver-oidc-client',
      'get',
      'secrets "driver-oidc-client" is forbidden',
    ],
    [
      'GET',
      '/api/v1/namespaces/driver/secrets',
      'list',
      'secrets is forbidden',
    ],
    ['GET', '/api/v1/secrets', 'list', 'secrets is forbidden'],
    ['GET', '/api/v1/secrets?watch=1', 'watch', 'secrets is forbidden'],
    ['POST', '/api/v1/namespaces', 'create', 'namespaces is forbidden'],
    [
      'DELETE',
      '/api/v1/namespaces/driver',
      'delete',
      'namespaces "driver" is forbidden',
    ],
    [
      'POST',
      '/api/v1/namespaces/driver/configmaps',
      'create',
      'configmaps is forbidden',
    ],
  ])(
    'refuses %s %s (%s) with 403 Forbidden',
    async (method, path, verb, subject) => {
      const response = await call(
        method,
        path,
        READER,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
      });
      expect(response.body.message).toMatch(
        new RegExp(
          `^${subject}: User "${READER_USER}" cannot ${verb} resource `,
        ),
      );
      expect(JSON.stringify(response.body)).not.toContain('czNjcjN0');
    },
  );

  it('lets the reader get and list everything else, and discovery', async () => {
    for (const path of [
      '/api/v1/namespaces/driver',
      '/api/v1/namespaces',
      '/api/v1/namespaces/driver/configmaps',
      '/api',
      '/apis',
    ]) {
      expect({
        path,
        status: (await call('GET', path, READER)).status,
      }).toEqual({ path, status: 200 });
    }
  });

  it('gives the writer token full access, Secrets included', async () => {
    const response = await call(
      'GET',
      '/api/v1/namespaces/driver/secrets/driver-oidc-client',
      WRITER,
    );
    expect(response.status).toBe(200);
    expect(response.body.data['client-secret']).toBe('czNjcjN0');
  });

  it('still answers 401 to an unknown token', async () => {
    expect((await call('GET', '/api/v1/namespaces', 'other')).status).toBe(401);
  });
});
