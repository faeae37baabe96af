import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import request from 'supertest';
import {
  fakePrometheus,
  PROM_URL,
  ReceivedQuery,
} from './__testUtils__/fakePrometheus';
import { startMetricsBackend } from './__testUtils__/testBackend';

const server = setupServer();
registerMswTestHooks(server);

const PATH =
  '/api/metrics/golden-signals?entityRef=component:default/driver&range=1h&end=1700000000';
const auth = mockCredentials.user.header();

function onAllQueries(resolver: Parameters<typeof http.post>[1]) {
  return [
    http.post(`${PROM_URL}/api/v1/query_range`, resolver),
    http.post(`${PROM_URL}/api/v1/query`, resolver),
    ...fakePrometheus({}).slice(2),
  ];
}

async function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('when Prometheus fails', () => {
  it('503 naming Prometheus, instance and cause, without its URL or a stack, when it is down', async () => {
    const port = await closedPort();
    server.use(...fakePrometheus({}));
    const app = await startMetricsBackend({
      prometheus: [{ name: 'main', url: `http://127.0.0.1:${port}` }],
    });
    for (const [path, operation] of [
      [PATH, 'range query'],
      [PATH.replace('golden-signals', 'hpa-history'), 'range query'],
      [
        '/api/metrics/observed-split?entityRef=component:default/driver',
        'instant query',
      ],
      [
        '/api/metrics/canary-analysis?entityRef=component:default/driver',
        'instant query',
      ],
    ]) {
      const res = await request(app).get(path).set('authorization', auth);
      expect(res.status).toBe(503);
      expect(res.body.error.name).toBe('ServiceUnavailableError');
      expect(res.body.error.message).toBe(
        `Prometheus 'main' is unreachable (ECONNREFUSED) for ${operation}`,
      );
      expect(JSON.stringify(res.body)).not.toContain(`127.0.0.1:${port}`);
      expect(JSON.stringify(res.body)).not.toContain('/api/v1/query');
      expect(res.body.error.stack).toBeUndefined();
    }
  });

  it.each([
    [
      'a network error',
      () => HttpResponse.error(),
      /^Prometheus 'main' is unreachable \(\w+\) for range query$/,
    ],
    [
      'no answer within the configured timeout',
      async () => {
        await delay(1500);
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        });
      },
      /^Prometheus 'main' did not answer range query within 200 ms$/,
    ],
    [
      'a bare {"status":"error"}',
      () => HttpResponse.json({ status: 'error' }),
      /^Prometheus 'main' answered the range query with an error: status "error" without a message$/,
    ],
    [
      'an API error',
      () =>
        HttpResponse.json(
          { status: 'error', errorType: 'execution', error: 'query timed out' },
          { status: 503 },
        ),
      /^Prometheus 'main' refused range query \(503: execution: query timed out\)$/,
    ],
    [
      'an API error that quotes an internal address',
      () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'execution',
            error: 'Get "http://10.0.0.9:9100/federate": dial tcp: refused',
          },
          { status: 503 },
        ),
      /^Prometheus 'main' refused range query \(503: execution: Get "<url>": dial tcp: refused\)$/,
    ],
    [
      'an upstream 500 from a proxy in front of it',
      () =>
        new HttpResponse('<html>Internal Server Error</html>', {
          status: 500,
          headers: { 'content-type': 'text/html' },
        }),
      /^Prometheus 'main' refused range query \(500\)$/,
    ],
    [
      'non-JSON garbage',
      () =>
        new HttpResponse('<html>proxy says hi</html>', {
          headers: { 'content-type': 'text/html' },
        }),
      /^Prometheus 'main' answered range query with a malformed response \(not JSON\)$/,
    ],
    [
      'JSON of the wrong shape',
      () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'scalar', result: [1, '2'] },
        }),
      /^Prometheus 'main' answered the range query with a malformed response \(expected a matrix result\)$/,
    ],
  ])('503 on %s', async (_name, resolver, message) => {
    server.use(...onAllQueries(resolver as any));
    const app = await startMetricsBackend();
    const res = await request(app).get(PATH).set('authorization', auth);
    expect(res.status).toBe(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toContain('prometheus.test');
    expect(JSON.stringify(res.body)).not.toContain('/api/v1/');
  });

  it('refuses a bad token with a hint at the config, never the token or the URL', async () => {
    const seen: Array<string | null> = [];
    server.use(
      ...onAllQueries(({ request: req }) => {
        seen.push(req.headers.get('authorization'));
        return HttpResponse.json(
          { status: 'error', errorType: 'unauthorized', error: 'bad token' },
          { status: 401 },
        );
      }),
    );
    const app = await startMetricsBackend({
      prometheus: [{ name: 'main', url: PROM_URL, bearerToken: 's3cret' }],
    });
    const res = await request(app).get(PATH).set('authorization', auth);
    expect(res.status).toBe(503);
    expect(seen[0]).toBe('Bearer s3cret');
    expect(res.body.error.message).toBe(
      "Prometheus 'main' refused range query (401: unauthorized: bad token); check the bearerToken of opsPortal.metrics.prometheus 'main'",
    );
    expect(JSON.stringify(res.body)).not.toContain('s3cret');
    expect(JSON.stringify(res.body)).not.toContain('prometheus.test');
  });

  it('gives up on a body that stops half way, within the timeout', async () => {
    // A real server: the body is cut by the timeout on the socket, as in production.
    const stalling = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    await new Promise<void>(resolve =>
      stalling.listen(0, '127.0.0.1', resolve),
    );
    const { port } = stalling.address() as { port: number };
    try {
      server.use(...fakePrometheus({}));
      const app = await startMetricsBackend({
        prometheus: [
          { name: 'main', url: `http://127.0.0.1:${port}`, timeoutMs: 200 },
        ],
      });
      const res = await request(app).get(PATH).set('authorization', auth);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        "Prometheus 'main' did not answer range query within 200 ms",
      );
    } finally {
      stalling.closeAllConnections();
      await new Promise(resolve => stalling.close(resolve));
    }
  });

  it('one failing group still returns the other', async () => {
    server.use(
      http.post(`${PROM_URL}/api/v1/query_range`, async ({ request: req }) => {
        const query =
          new URLSearchParams(await req.clone().text()).get('query') ?? '';
        if (query.includes('istio_')) {
          return HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error: 'unknown function',
            },
            { status: 400 },
          );
        }
        return undefined;
      }),
      ...fakePrometheus({ routes: ['r1'] }),
    );
    const app = await startMetricsBackend();
    const res = await request(app).get(PATH).set('authorization', auth);
    expect(res.status).toBe(200);
    const [kong, istio] = res.body.groups;
    expect(kong.status).toBe('ok');
    expect(kong.error).toBeUndefined();
    expect(kong.panels[0].series.map((s: any) => s.key)).toEqual(['r1']);
    expect(istio).toMatchObject({
      status: 'error',
      error:
        "Prometheus 'main' refused range query (400: bad_data: unknown function)",
    });
    expect(istio.panels.map((p: any) => p.series)).toEqual([[], [], []]);
  });
});

describe('Prometheus load', () => {
  it.each([1, 50])(
    'sends one query per card group for %i route(s)',
    async routes => {
      const received: ReceivedQuery[] = [];
      server.use(
        ...fakePrometheus({
          routes: Array.from({ length: routes }, (_, i) => `route-${i}`),
          received,
        }),
      );
      const app = await startMetricsBackend();
      const res = await request(app).get(PATH).set('authorization', auth);
      expect(res.body.groups[0].panels[0].series).toHaveLength(routes);
      expect(received).toHaveLength(2);
    },
  );

  it('serves a repeated card from the cache, per aligned window', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend();
    await request(app).get(PATH).set('authorization', auth);
    // 1700000010 aligns to the same 30 s step as 1700000000 (1699999980).
    await request(app)
      .get(PATH.replace('1700000000', '1700000009'))
      .set('authorization', auth);
    expect(received).toHaveLength(2);
    await request(app)
      .get(PATH.replace('1700000000', '1700000010'))
      .set('authorization', auth);
    expect(received).toHaveLength(4);
  });

  it('shares one Prometheus request between concurrent identical cards', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend();
    const responses = await Promise.all(
      [1, 2, 3].map(() => request(app).get(PATH).set('authorization', auth)),
    );
    expect(responses.map(r => r.status)).toEqual([200, 200, 200]);
    expect(received).toHaveLength(2);
  });

  it('queries every time with cacheTtlSeconds 0', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend({ cacheTtlSeconds: 0 });
    await request(app).get(PATH).set('authorization', auth);
    await request(app).get(PATH).set('authorization', auth);
    expect(received).toHaveLength(4);
  });
});
