import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { JsonObject } from '@backstage/types';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  component,
  countHandler,
  errorHandler,
  ES_URL,
  SeenCount,
} from './__testUtils__/fakeElasticsearch';
import { logsPlugin } from './plugin';

// supertest reaches the test backend on loopback; only Elasticsearch is faked.
const server = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//, () =>
    passthrough(),
  ),
);
registerMswTestHooks(server);

const FROM = '2026-11-22T08:00:00.000Z';
const TO = '2026-11-22T09:00:00.000Z';
const PATH = `/api/logs/error-count?entityRef=component:default/driver&from=${FROM}&to=${TO}`;

async function start(
  elasticsearch?: JsonObject,
  kibanaFields?: JsonObject,
  catalog: ServiceFactory = catalogServiceMock.factory({
    entities: [component('driver'), component('legacy', {})],
  }),
) {
  const { server: httpServer } = await startTestBackend({
    features: [
      logsPlugin,
      catalog,
      mockServices.rootConfig.factory({
        data: {
          opsPortal: {
            logs: {
              ...(elasticsearch ? { elasticsearch } : {}),
              ...(kibanaFields ? { kibana: { fields: kibanaFields } } : {}),
            },
          },
        },
      }),
    ],
  });
  return httpServer;
}

describe('GET /api/logs/error-count', () => {
  it('answers an entity without kubernetes-id with the shared not-configured body', async () => {
    const seen: SeenCount[] = [];
    server.use(countHandler(1, seen));
    const app = await start({ url: ES_URL });
    const res = await request(app)
      .get(`/api/logs/error-count?entityRef=legacy&from=${FROM}&to=${TO}`)
      .expect(200);
    expect(res.body).toEqual({
      missingAnnotation: 'backstage.io/kubernetes-id',
      message:
        'component:default/legacy has no backstage.io/kubernetes-id annotation: the error count selects its log lines by namespace and app label',
    });
    expect(seen).toEqual([]);
  });

  it('reads the entity from the catalog once per request, as the caller', async () => {
    server.use(countHandler(3));
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => component('driver')),
    });
    const app = await start({ url: ES_URL }, undefined, catalog.factory);
    const res = await request(app).get(PATH).expect(200);
    expect(res.body.count).toBe(3);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/driver',
      {
        credentials: expect.objectContaining({ principal: expect.anything() }),
      },
    );
  });

  it('answers { disabled: true } without Elasticsearch config', async () => {
    const app = await start();
    const res = await request(app).get(PATH).expect(200);
    expect(res.body).toEqual({ disabled: true });
  });

  it('counts errors with _count, the configured index, credentials and field mapping', async () => {
    const seen: SeenCount[] = [];
    server.use(countHandler(7, seen));
    const app = await start(
      {
        url: `${ES_URL}/`,
        index: 'logs-*',
        username: 'elastic',
        password: 's3cret',
        timeoutMs: 1000,
      },
      { level: 'severity', errorLevels: ['ERROR'] },
    );
    const res = await request(app).get(PATH).expect(200);
    expect(res.body.count).toBe(7);
    expect(seen).toHaveLength(1);
    expect(seen[0].index).toBe('logs-*');
    expect(seen[0].authorization).toBe(
      `Basic ${Buffer.from('elastic:s3cret').toString('base64')}`,
    );
    expect(seen[0].body).toEqual({ query: res.body.query });
    expect(res.body.query.bool.filter).toEqual([
      { term: { 'kubernetes.namespace_name': 'driver' } },
      { term: { 'kubernetes.labels.app': 'driver' } },
      {
        range: {
          '@timestamp': {
            gte: FROM,
            lte: TO,
            format: 'strict_date_optional_time',
          },
        },
      },
      {
        bool: {
          should: [{ terms: { severity: ['ERROR'] } }],
          minimum_should_match: 1,
        },
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('s3cret');
  });

  it('answers a repeated count from the cache, checking the entity as each caller', async () => {
    const seen: SeenCount[] = [];
    server.use(countHandler(4, seen));
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => component('driver')),
    });
    const app = await start({ url: ES_URL }, undefined, catalog.factory);
    expect((await request(app).get(PATH).expect(200)).body.count).toBe(4);
    expect((await request(app).get(PATH).expect(200)).body.count).toBe(4);
    expect(seen).toHaveLength(1);
    // The same caller's entity read is shared for a few seconds (opsEntityCacheServiceRef);
    // another caller's request reads the entity as that caller.
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    await request(app)
      .get(PATH)
      .set('authorization', mockCredentials.user.header('user:default/joe'))
      .expect(200);
    expect(seen).toHaveLength(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/driver',
      { credentials: mockCredentials.user('user:default/joe') },
    );
    // Another window is another query.
    await request(app)
      .get(PATH.replace(FROM, '2026-11-22T08:30:00.000Z'))
      .expect(200);
    expect(seen).toHaveLength(2);
  });

  it('asks Elasticsearch every time with opsPortal.logs.cacheTtlSeconds 0', async () => {
    const seen: SeenCount[] = [];
    server.use(countHandler(4, seen));
    const { server: app } = await startTestBackend({
      features: [
        logsPlugin,
        catalogServiceMock.factory({ entities: [component('driver')] }),
        mockServices.rootConfig.factory({
          data: {
            opsPortal: {
              logs: { elasticsearch: { url: ES_URL }, cacheTtlSeconds: 0 },
            },
          },
        }),
      ],
    });
    await request(app).get(PATH).expect(200);
    await request(app).get(PATH).expect(200);
    expect(seen).toHaveLength(2);
  });

  it('sends an API key as ApiKey', async () => {
    const seen: SeenCount[] = [];
    server.use(countHandler(0, seen));
    const app = await start({ url: ES_URL, apiKey: 'a2V5' });
    await request(app).get(PATH).expect(200);
    expect(seen[0].authorization).toBe('ApiKey a2V5');
  });

  it.each<[string, () => any, RegExp]>([
    [
      'an ES error',
      () =>
        errorHandler(
          401,
          'security_exception',
          'missing authentication credentials',
        ),
      /^Elasticsearch refused _count on 'logs-\*' \(401: security_exception: missing authentication credentials\); check the credentials of opsPortal\.logs\.elasticsearch$/,
    ],
    [
      'an ES error that quotes a node address',
      () =>
        errorHandler(
          503,
          'node_not_connected_exception',
          'node es-1 at http://10.0.0.5:9300 not connected',
        ),
      /^Elasticsearch refused _count on 'logs-\*' \(503: node_not_connected_exception: node es-1 at <url> not connected\)$/,
    ],
    [
      'an unreachable cluster',
      () => http.post(`${ES_URL}/:index/_count`, () => Response.error()),
      /^Elasticsearch is unreachable \(\w+\) for _count on 'logs-\*'$/,
    ],
    [
      'a slow cluster',
      () => http.post(`${ES_URL}/:index/_count`, () => new Promise(() => {})),
      /^Elasticsearch did not answer _count on 'logs-\*' within 50 ms$/,
    ],
    [
      'an upstream 500 from a proxy in front of it',
      () =>
        http.post(
          `${ES_URL}/:index/_count`,
          () =>
            new Response('<html>Internal Server Error</html>', {
              status: 500,
              headers: { 'content-type': 'text/html' },
            }),
        ),
      /^Elasticsearch refused _count on 'logs-\*' \(500\)$/,
    ],
    [
      'a body that is not JSON',
      () =>
        http.post(
          `${ES_URL}/:index/_count`,
          () => new Response('<html>proxy says hi</html>'),
        ),
      /^Elasticsearch answered _count on 'logs-\*' with a malformed response \(not JSON\)$/,
    ],
    [
      'a body without count',
      () =>
        http.post(`${ES_URL}/:index/_count`, () => Response.json({ hits: {} })),
      /without a count/,
    ],
  ])(
    'answers 503 naming Elasticsearch on %s',
    async (_name, handler, message) => {
      server.use(handler());
      const app = await start({ url: ES_URL, timeoutMs: 50 });
      const res = await request(app).get(PATH).expect(503);
      expect(res.body.error.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toContain(new URL(ES_URL).host);
      expect(res.body.error.stack).toBeUndefined();
    },
  );

  it('refuses wrong credentials with a hint at the config, never the credentials', async () => {
    server.use(
      errorHandler(401, 'security_exception', 'unable to authenticate user'),
    );
    const app = await start({
      url: ES_URL,
      username: 'elastic',
      password: 's3cret',
    });
    const res = await request(app).get(PATH).expect(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toBe(
      "Elasticsearch refused _count on 'logs-*' (401: security_exception: unable to authenticate user); check the credentials of opsPortal.logs.elasticsearch",
    );
    const body = JSON.stringify(res.body);
    expect(body).not.toContain('s3cret');
    expect(body).not.toContain(
      Buffer.from('elastic:s3cret').toString('base64'),
    );
    expect(body).not.toContain(new URL(ES_URL).host);
  });

  it.each<[string, string, number, RegExp]>([
    [
      'no entityRef',
      `/api/logs/error-count?from=${FROM}&to=${TO}`,
      400,
      /entityRef/,
    ],
    [
      'a malformed time',
      `/api/logs/error-count?entityRef=driver&from=yesterday&to=${TO}`,
      400,
      /from/,
    ],
    [
      'from after to',
      `/api/logs/error-count?entityRef=driver&from=${TO}&to=${FROM}`,
      400,
      /before/,
    ],
    [
      'a window over 7 days',
      `/api/logs/error-count?entityRef=driver&from=2026-11-01T00:00:00Z&to=${TO}`,
      400,
      /7 days/,
    ],
    [
      'a malformed entityRef',
      `/api/logs/error-count?entityRef=component:default/&from=${FROM}&to=${TO}`,
      400,
      /entityRef/,
    ],
    [
      'an unknown entity',
      `/api/logs/error-count?entityRef=component:default/nope&from=${FROM}&to=${TO}`,
      404,
      /not found/,
    ],
  ])('rejects %s', async (_name, path, status, message) => {
    server.use(countHandler(1));
    const app = await start({ url: ES_URL });
    const res = await request(app).get(path).expect(status);
    expect(res.body.error.message).toMatch(message);
  });
});
