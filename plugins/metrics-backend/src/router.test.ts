import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  component,
  fakePrometheus,
  PROM_URL,
  ReceivedQuery,
} from './__testUtils__/fakePrometheus';
import { startMetricsBackend } from './__testUtils__/testBackend';

const server = setupServer();
registerMswTestHooks(server);

const END = 1_700_000_017; // aligned down to the 15 s step: 1_700_000_010
const auth = mockCredentials.user.header();

function get(app: any, path: string) {
  return request(app).get(path).set('authorization', auth);
}

describe('GET /api/metrics/golden-signals', () => {
  it('answers the contract: instance, aligned window, two groups of grouped panels', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ routes: ['b-route', 'a-route'], received }));
    const app = await startMetricsBackend({
      prometheus: [
        {
          name: 'main',
          url: PROM_URL,
          publicUrl: 'https://prom.example.com/',
          grafanaDashboardUrl:
            'https://grafana.example.com/d/svc?var-ns=${namespace}&var-svc=${service}',
        },
      ],
    });
    const res = await get(
      app,
      `/api/metrics/golden-signals?entityRef=component:default/driver&range=15m&end=${END}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.instance).toEqual({
      name: 'main',
      prometheusUrl: 'https://prom.example.com',
      grafanaDashboardUrl:
        'https://grafana.example.com/d/svc?var-ns=default&var-svc=driver',
    });
    expect(res.body.window).toEqual({
      start: 1_699_999_110,
      end: 1_700_000_010,
      stepSeconds: 15,
    });
    const [kong, istio] = res.body.groups;
    expect(kong).toMatchObject({
      id: 'kong-routes',
      title: 'Kong routes',
      groupBy: 'route',
      status: 'ok',
    });
    expect(kong.panels.map((p: any) => p.id)).toEqual([
      'requests',
      'errors',
      'latency-p50',
      'latency-p95',
      'latency-p99',
      'latency-kong-p95',
      'latency-upstream-p95',
    ]);
    expect(istio).toMatchObject({
      id: 'istio-versions',
      groupBy: 'destination_version',
      status: 'ok',
    });
    expect(istio.panels.map((p: any) => [p.id, p.unit])).toEqual([
      ['requests', 'req/s'],
      ['errors', 'ratio'],
      ['latency-p95', 'ms'],
    ]);
    const requests = kong.panels[0];
    expect(requests.title).toBe('Requests');
    expect(requests.query).toBe(
      'sum by (route) (rate(kong_http_requests_total{service=~"default\\\\.driver\\\\.(?:pnum-[0-9]+|pname-[a-z0-9-]+|[0-9]+)"}[1m]))',
    );
    const graph = new URL(requests.graphUrl);
    expect(graph.origin + graph.pathname).toBe(
      'https://prom.example.com/graph',
    );
    expect(Object.fromEntries(graph.searchParams)).toEqual({
      'g0.expr': requests.query,
      'g0.tab': '0',
      'g0.range_input': '15m',
      'g0.end_input': '2023-11-14 22:13:30',
      'g0.step_input': '15',
    });
    expect(requests.series.map((s: any) => s.key)).toEqual([
      'a-route',
      'b-route',
    ]);
    expect(requests.series[0].points).toHaveLength(61);
    expect(requests.series[0].points[0]).toEqual([1_699_999_110, 2.5]);
    expect(istio.panels[0].series.map((s: any) => s.key)).toEqual(['v1', 'v2']);
    expect(kong.panels[3].series[0].points[0]).toEqual([1_699_999_110, 42]);
    // Range queries with the aligned window; one query per group, holding every panel's query.
    expect(received.map(r => r.path)).toEqual(
      Array(2).fill('/api/v1/query_range'),
    );
    expect(received[0].params.get('end')).toBe('1700000010');
    const kongQuery = received.find(r => r.query.includes('kong_'))!.query;
    for (const panel of kong.panels) {
      expect(kongQuery).toContain(
        `label_replace(${panel.query}, "ops_panel", "${panel.id}", "", "")`,
      );
    }
  });

  it.each([
    ['missing entityRef', 'range=1h', /entityRef/],
    ['bad range', 'entityRef=component:default/driver&range=2h', /range/],
    ['bad end', 'entityRef=component:default/driver&range=1h&end=soon', /end/],
    [
      'malformed entityRef',
      'entityRef=component:default/&range=1h',
      /Invalid entityRef 'component:default\/'/,
    ],
  ])('400 for %s', async (_name, query, message) => {
    server.use(...fakePrometheus({}));
    const app = await startMetricsBackend();
    const res = await get(app, `/api/metrics/golden-signals?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('404 for an unknown entity', async () => {
    server.use(...fakePrometheus({}));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      '/api/metrics/golden-signals?entityRef=component:default/nope&range=1h',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it('names the missing kubernetes-id annotation and queries nothing', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend({
      entities: [component('bare', {})],
    });
    for (const path of [
      'golden-signals?entityRef=component:default/bare&range=1h',
      'hpa-history?entityRef=component:default/bare&range=1h',
      'observed-split?entityRef=component:default/bare',
      'canary-analysis?entityRef=component:default/bare',
    ]) {
      const res = await get(app, `/api/metrics/${path}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        missingAnnotation: 'backstage.io/kubernetes-id',
        message:
          'component:default/bare has no backstage.io/kubernetes-id annotation: the metrics queries select its Service, Deployment and HPA by it',
      });
    }
    expect(received).toEqual([]);
  });

  it('picks the instance the annotation names; 400 for an unknown one', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received, url: 'http://other.test:9090' }));
    const annotations = {
      'backstage.io/kubernetes-id': 'driver',
      'ops-portal/prometheus-instance': 'other',
    };
    const app = await startMetricsBackend({
      entities: [
        component('driver', annotations),
        component('lost', {
          ...annotations,
          'ops-portal/prometheus-instance': 'gone',
        }),
      ],
      prometheus: [
        { name: 'main', url: PROM_URL },
        { name: 'other', url: 'http://other.test:9090' },
      ],
    });
    const ok = await get(
      app,
      '/api/metrics/golden-signals?entityRef=component:default/driver&range=1h',
    );
    expect(ok.body.instance).toEqual({
      name: 'other',
      prometheusUrl: 'http://other.test:9090',
    });
    expect(received).toHaveLength(2);
    const bad = await get(
      app,
      '/api/metrics/golden-signals?entityRef=component:default/lost&range=1h',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "The entity asks for Prometheus 'gone', but only 'main', 'other' are configured",
    );
  });

  it('answers a hostile kong-service annotation as not configured and queries nothing', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend({
      entities: [
        component('driver', {
          'backstage.io/kubernetes-id': 'driver',
          'ops-portal/kong-service': 'driver"} or vector(1) or {x="',
        }),
      ],
    });
    const res = await get(
      app,
      '/api/metrics/golden-signals?entityRef=component:default/driver&range=1h',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      missingAnnotation: 'ops-portal/kong-service',
      message: expect.stringContaining(
        'component:default/driver has an invalid ops-portal/kong-service annotation',
      ),
    });
    expect(received).toEqual([]);
  });

  it.each([
    'golden-signals?entityRef=component:default/driver&range=1h',
    'hpa-history?entityRef=component:default/driver&range=1h',
    'observed-split?entityRef=component:default/driver',
    'canary-analysis?entityRef=component:default/driver',
  ])('reads the entity from the catalog once for %s', async path => {
    server.use(...fakePrometheus({}));
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => component('driver')),
    });
    const app = await startMetricsBackend({ catalog: catalog.factory });
    const res = await get(app, `/api/metrics/${path}`);
    expect(res.status).toBe(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/driver',
      {
        credentials: expect.objectContaining({ principal: expect.anything() }),
      },
    );
  });
});

describe('GET /api/metrics/hpa-history', () => {
  it('returns the kube-state-metrics series in order', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      `/api/metrics/hpa-history?entityRef=component:default/driver&range=1h&end=${END}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    expect(res.body.window).toEqual({
      start: 1_699_996_410,
      end: 1_700_000_010,
      stepSeconds: 30,
    });
    expect(
      res.body.series.map((s: any) => [s.key, s.points[0][1], s.points.length]),
    ).toEqual([
      ['current', 2, 121],
      ['max', 5, 121],
    ]);
    expect(received).toHaveLength(1);
    expect(received[0].query).toContain('horizontalpodautoscaler="driver"');
  });

  it('is unavailable when kube-state-metrics has no series', async () => {
    server.use(...fakePrometheus({ hpa: false }));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      `/api/metrics/hpa-history?entityRef=component:default/driver&range=15m&end=${END}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      window: { start: 1_699_999_110, end: 1_700_000_010, stepSeconds: 15 },
      series: [],
      available: false,
    });
  });
});

describe('GET /api/metrics/canary-analysis', () => {
  it('answers a malformed thresholds annotation without querying Prometheus', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend({
      entities: [
        component('driver', {
          'backstage.io/kubernetes-id': 'driver',
          'ops-portal/canary-thresholds': 'max-p99-ms=fast',
        }),
      ],
    });
    const res = await get(
      app,
      '/api/metrics/canary-analysis?entityRef=component:default/driver',
    );
    expect(res.status).toBe(200);
    expect(res.body.missingAnnotation).toBe('ops-portal/canary-thresholds');
    expect(res.body.message).toContain('"max-p99-ms=fast" is not key=number');
    expect(received).toEqual([]);
  });

  it('analyses the interval a rollout asks for, with its thresholds (source request)', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ received }));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      `/api/metrics/canary-analysis?entityRef=component:default/driver&end=${END}&interval=15&minSuccessRate=99.9&minRequests=5`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      intervalSeconds: 15,
      evaluatedAt: END,
      thresholds: {
        minSuccessRate: 99.9,
        maxLatencyP99Ms: 500,
        minRequests: 5,
      },
      thresholdsSource: 'request',
    });
    expect(received).toHaveLength(1);
    expect(received[0].query).toContain('[15s]');
  });

  it.each([
    ['interval=2', 'interval'],
    ['interval=7200', 'interval'],
    ['interval=1.5', 'interval'],
    ['minSuccessRate=101', 'minSuccessRate'],
    ['minRequests=0', 'minRequests'],
    ['maxLatencyP99Ms=-1', 'maxLatencyP99Ms'],
  ])('refuses %s with 400 naming the parameter', async (param, name) => {
    server.use(...fakePrometheus({}));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      `/api/metrics/canary-analysis?entityRef=component:default/driver&${param}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`${name}:`);
  });

  it('refuses a malformed end', async () => {
    server.use(...fakePrometheus({}));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      '/api/metrics/canary-analysis?entityRef=component:default/driver&end=soon',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });
});

describe('GET /api/metrics/observed-split', () => {
  it('returns each version with its share of the last 5 minutes', async () => {
    const received: ReceivedQuery[] = [];
    server.use(...fakePrometheus({ versions: ['v2', 'v1'], received }));
    const app = await startMetricsBackend();
    const res = await get(
      app,
      `/api/metrics/observed-split?entityRef=component:default/driver&end=${END}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      versions: [
        { version: 'v1', share: 20 / 30, requestsPerSecond: 20 },
        { version: 'v2', share: 10 / 30, requestsPerSecond: 10 },
      ],
    });
    expect(received.map(r => [r.path, r.params.get('time')])).toEqual([
      ['/api/v1/query', String(END)],
    ]);
    expect(received[0].query).toContain('[5m]');
  });
});
