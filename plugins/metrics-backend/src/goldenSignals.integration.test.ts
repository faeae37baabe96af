import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '@internal/plugin-ops-node';
import request from 'supertest';
import { component } from './__testUtils__/fakePrometheus';
import {
  FIXTURE_END,
  FIXTURE_START,
  HPA_STEP_AT,
  openMetricsFixture,
  ROUTE_A,
  ROUTE_B,
} from './__testUtils__/openMetricsFixture';
import {
  RealPrometheus,
  startRealPrometheus,
} from './__testUtils__/realPrometheus';
import { startMetricsBackend } from './__testUtils__/testBackend';
import { PrometheusClient } from './services/PrometheusClient';

// Real Prometheus over a backfilled TSDB: the queries are parsed and evaluated by Prometheus
// itself, and the numbers follow from the fixture's counter slopes and buckets.
jest.setTimeout(60_000);

let prometheus: RealPrometheus;
let app: any;

beforeAll(async () => {
  prometheus = await startRealPrometheus(openMetricsFixture());
  app = await startMetricsBackend({
    prometheus: [{ name: 'test', url: prometheus.url }],
    entities: [
      component('driver'),
      component('payments'),
      component('hostile', {
        'backstage.io/kubernetes-id': 'driver',
        'ops-portal/kong-service': 'driver"} or vector(1) or {x="',
      }),
    ],
  });
});

afterAll(async () => {
  await prometheus?.stop();
});

const auth = mockCredentials.user.header();
const get = (path: string) =>
  request(app).get(`/api/metrics/${path}`).set('authorization', auth);

/** Every point of the 15 m window (61 at a 15 s step) with `value`. */
function flat(value: number | null, start = FIXTURE_END - 900, step = 15) {
  return Array.from({ length: 61 }, (_, i) => [start + i * step, value]);
}

function panel(body: any, group: string, id: string) {
  const found = body.groups
    .find((g: any) => g.id === group)
    .panels.find((p: any) => p.id === id);
  return Object.fromEntries(found.series.map((s: any) => [s.key, s.points]));
}

describe('golden signals against a real Prometheus', () => {
  let status: number;
  let body: any;
  beforeAll(async () => {
    const res = await get(
      `golden-signals?entityRef=component:default/driver&range=15m&end=${FIXTURE_END}`,
    );
    status = res.status;
    body = res.body;
  });

  it('reads the fixture window', () => {
    expect(status).toBe(200);
    expect(body.window).toEqual({
      start: FIXTURE_END - 900,
      end: FIXTURE_END,
      stepSeconds: 15,
    });
    expect(body.groups.map((g: any) => [g.id, g.status])).toEqual([
      ['kong-routes', 'ok'],
      ['istio-versions', 'ok'],
    ]);
  });

  it.each([
    ['requests', 10, 4],
    ['errors', 0.2, 0],
    ['latency-p50', 20, 5],
    ['latency-p95', 175, 9.5],
    ['latency-p99', 100 + 150 * (0.99 * 10 - 9), 9.9],
    ['latency-kong-p95', 7.5, null],
    ['latency-upstream-p95', 150, null],
  ])(
    'Kong %s per route: exactly %p and %p, only the driver service',
    (id, a, b) => {
      expect(panel(body, 'kong-routes', id)).toEqual({
        [ROUTE_A]: flat(a),
        [ROUTE_B]: flat(b),
      });
    },
  );

  it.each([
    ['requests', 8, 2],
    ['errors', 0.25, 0],
    ['latency-p95', 50 + 50 * ((0.95 * 8 - 6) / 2), 23.75],
  ])(
    'Istio %s per version: exactly %p and %p, destination reporter only',
    (id, v1, v2) => {
      expect(panel(body, 'istio-versions', id)).toEqual({
        v1: flat(v1),
        v2: flat(v2),
      });
    },
  );

  it('fills a 24 h window with nulls where the TSDB has no data', async () => {
    const res = await get(
      `golden-signals?entityRef=component:default/driver&range=24h&end=${FIXTURE_END}`,
    );
    expect(res.body.window).toEqual({
      start: FIXTURE_END - 86400,
      end: FIXTURE_END,
      stepSeconds: 720,
    });
    const points = panel(res.body, 'kong-routes', 'requests')[ROUTE_A];
    expect(points).toHaveLength(121);
    expect(points.slice(0, 116).every((p: any) => p[1] === null)).toBe(true);
    expect(
      points.slice(116).every((p: any) => typeof p[1] === 'number' && p[1] > 0),
    ).toBe(true);
  });

  it('answers a hostile kong-service annotation as not configured', async () => {
    const res = await get(
      `golden-signals?entityRef=component:default/hostile&range=15m&end=${FIXTURE_END}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.missingAnnotation).toBe('ops-portal/kong-service');
  });
});

describe('observed split against a real Prometheus', () => {
  it('gives each version its exact share of the last 5 minutes', async () => {
    const res = await get(
      `observed-split?entityRef=component:default/driver&end=${FIXTURE_END}`,
    );
    expect(res.body).toEqual({
      versions: [
        { version: 'v1', share: 0.8, requestsPerSecond: 8 },
        { version: 'v2', share: 0.2, requestsPerSecond: 2 },
      ],
    });
  });
});

describe('HPA history against a real Prometheus', () => {
  it('returns current, desired, min and max of the driver HPA only', async () => {
    const res = await get(
      `hpa-history?entityRef=component:default/driver&range=1h&end=${FIXTURE_END}`,
    );
    expect(res.body.available).toBe(true);
    expect(res.body.window).toEqual({
      start: FIXTURE_START,
      end: FIXTURE_END,
      stepSeconds: 30,
    });
    const times = Array.from({ length: 121 }, (_, i) => FIXTURE_START + i * 30);
    const step = (at: number) => times.map(t => [t, t >= at ? 4 : 2]);
    expect(res.body.series).toEqual([
      { key: 'current', points: step(HPA_STEP_AT) },
      { key: 'desired', points: step(HPA_STEP_AT - 60) },
      { key: 'min', points: times.map(t => [t, 2]) },
      { key: 'max', points: times.map(t => [t, 10]) },
    ]);
  });

  it('is unavailable for an HPA kube-state-metrics does not know', async () => {
    const res = await get(
      `hpa-history?entityRef=component:default/driver&range=1h&end=${
        FIXTURE_END - 86400
      }`,
    );
    expect(res.body).toMatchObject({ series: [], available: false });
  });
});

describe('Prometheus refusals through the shared upstream fetch', () => {
  const client = () =>
    new PrometheusClient({
      name: 'test',
      url: prometheus.url,
      publicUrl: prometheus.url,
      timeoutMs: 5000,
    });

  it('quotes the real bad_data error of an unparsable query, without the URL', async () => {
    const failure = await client()
      .queryRange('sum(', {
        start: FIXTURE_START,
        end: FIXTURE_END,
        stepSeconds: 60,
      })
      .catch(error => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure.message).toMatch(
      /^Prometheus 'test' refused range query \(400: bad_data: .*parse error.*\)$/,
    );
    expect(failure.upstreamStatus).toBe(400);
    expect(failure.message).not.toContain('127.0.0.1');
  });

  it('answers an instant query', async () => {
    const series = await client().queryInstant('vector(1)', FIXTURE_END);
    expect(series).toEqual([{ metric: {}, values: [[FIXTURE_END, '1']] }]);
  });
});
