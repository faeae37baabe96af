import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { ADMIN_URL, adminApiHandlers } from './__testUtils__/adminApiFixtures';
import { kongPlugin } from './plugin';

const server = setupServer(...adminApiHandlers);
// supertest reaches the test backend on loopback, so unmatched requests pass through; only the
// Kong Admin API is mocked.
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
  };
}

const entities = [
  component('driver', {
    'backstage.io/kubernetes-id': 'driver',
    'backstage.io/kubernetes-namespace': 'driver',
  }),
  component('docs', {}),
];

async function startKong(kong: object = {}, extra: Entity[] = []) {
  const { server: backend } = await startTestBackend({
    features: [
      kongPlugin,
      catalogServiceMock.factory({ entities: [...entities, ...extra] }),
      mockServices.rootConfig.factory({
        data: {
          opsPortal: {
            kong: {
              source: 'admin-api',
              proxyReplicas: 2,
              adminApi: { url: ADMIN_URL, timeoutMs: 2000 },
              ...kong,
            },
          },
        },
      }),
    ],
  });
  return backend;
}

describe('kong router', () => {
  it('answers the entity routes, plugins, upstreams and warnings', async () => {
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/driver' });

    expect(response.status).toBe(200);
    expect(response.body.source).toBe('admin-api');
    expect(response.body.routes.map((r: any) => r.name)).toEqual([
      'driver.driver.00',
    ]);
    const byPlugin = Object.fromEntries(
      response.body.plugins.map((p: any) => [p.plugin, p]),
    );
    expect(byPlugin.prometheus.warnings).toEqual([
      'latency_metrics is off: kong_request_latency_ms, kong_upstream_latency_ms and kong_kong_latency_ms (latency histograms) will be missing',
    ]);
    expect(byPlugin['rate-limiting'].warnings).toEqual([
      'policy local with 2 Kong replicas: limits are counted per Kong node, so a client may get up to 2× the limit',
    ]);
    expect(response.body.upstreams[0].targets).toHaveLength(2);
    expect(response.body.warnings).toEqual([]);
    expect(JSON.stringify(response.body)).not.toContain(
      'kong-holds-this-secret',
    );
  });

  it('says which annotation is missing', async () => {
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/docs' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      missingAnnotation: 'backstage.io/kubernetes-id',
      message:
        'component:default/docs has no backstage.io/kubernetes-id annotation: the Kong card finds the Kong services of its Kubernetes Service through it',
    });
  });

  it.each([
    [
      { 'backstage.io/kubernetes-id': '../admin' },
      'backstage.io/kubernetes-id',
    ],
    [
      {
        'backstage.io/kubernetes-id': 'driver',
        'backstage.io/kubernetes-namespace': 'Driver_NS',
      },
      'backstage.io/kubernetes-namespace',
    ],
  ])(
    'answers an invalid Kubernetes annotation %j with the empty state and no Kong request',
    async (annotations, annotation) => {
      const requests: string[] = [];
      server.events.on('request:start', ({ request: r }) => {
        requests.push(r.url);
      });
      try {
        const backend = await startKong({}, [component('broken', annotations)]);
        const response = await request(backend)
          .get('/api/kong/routes')
          .query({ entityRef: 'component:default/broken' });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          missingAnnotation: annotation,
          message: expect.stringContaining(
            `component:default/broken has an invalid ${annotation} annotation`,
          ),
        });
        expect(requests.filter(url => url.startsWith(ADMIN_URL))).toEqual([]);
      } finally {
        server.events.removeAllListeners();
      }
    },
  );

  it('reads the entity from the catalog once per request, as the caller', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => entities[0]),
    });
    const { server: backend } = await startTestBackend({
      features: [
        kongPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            opsPortal: {
              kong: {
                source: 'admin-api',
                adminApi: { url: ADMIN_URL, timeoutMs: 2000 },
              },
            },
          },
        }),
      ],
    });
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/driver' });
    expect(response.status).toBe(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/driver',
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/mock',
          }),
        }),
      },
    );
  });

  it('answers 404 for an unknown entity', async () => {
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/ghost' });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'entity component:default/ghost not found',
    );
  });

  it.each([
    [{}, 'entityRef is required'],
    [
      { entityRef: 'component:default/' },
      "Invalid entityRef 'component:default/'",
    ],
  ])('refuses a bad query %j', async (query, message) => {
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('answers 503 naming Kong when the Admin API fails', async () => {
    server.use(
      http.get(`${ADMIN_URL}/plugins`, () =>
        HttpResponse.json({ message: 'Unauthorized' }, { status: 401 }),
      ),
    );
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/driver' });
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      `Kong Admin API refused GET /plugins (401: Unauthorized); check opsPortal.kong.adminApi.token`,
    );
    expect(JSON.stringify(response.body)).not.toContain('kong-admin.test');
    expect(response.body.error.stack).toBeUndefined();
  });

  it('keeps a URL that Kong quotes in its message out of the body', async () => {
    server.use(
      http.get(`${ADMIN_URL}/plugins`, () =>
        HttpResponse.json(
          { message: 'upstream http://10.0.0.7:8001/internal failed' },
          { status: 500 },
        ),
      ),
    );
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .query({ entityRef: 'component:default/driver' });
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      'Kong Admin API refused GET /plugins (500: upstream <url> failed)',
    );
  });

  it.each([
    ['..', "'..'"],
    ['.', "'.'"],
    ['../plugins', "'../plugins'"],
    ['driver/routes', "'driver/routes'"],
    ['a%2F..', "'a%2F..'"],
    ['a?b', "'a?b'"],
    ['a#b', "'a#b'"],
    ['driver.driver.pnum-80, ..', "'..'"],
  ])(
    'answers an invalid ops-portal/kong-service %j with the empty state and no Kong request',
    async (annotation, quoted) => {
      const requests: string[] = [];
      server.events.on('request:start', ({ request: r }) => {
        requests.push(r.url);
      });
      try {
        const backend = await startKong({}, [
          component('tampered', {
            'backstage.io/kubernetes-id': 'driver',
            'backstage.io/kubernetes-namespace': 'driver',
            'ops-portal/kong-service': annotation,
          }),
        ]);
        const response = await request(backend)
          .get('/api/kong/routes')
          .query({ entityRef: 'component:default/tampered' });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          missingAnnotation: 'ops-portal/kong-service',
          message: expect.stringContaining(
            `component:default/tampered has an invalid ops-portal/kong-service annotation ${quoted}: each name must be a Kong service name`,
          ),
        });
        expect(requests.filter(url => url.startsWith(ADMIN_URL))).toEqual([]);
      } finally {
        server.events.removeAllListeners();
      }
    },
  );

  it('requires a caller', async () => {
    const backend = await startKong();
    const response = await request(backend)
      .get('/api/kong/routes')
      .set('Authorization', mockCredentials.none.header())
      .query({ entityRef: 'component:default/driver' });
    expect(response.status).toBe(401);
  });
});
