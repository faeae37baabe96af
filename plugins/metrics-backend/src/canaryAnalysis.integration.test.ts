import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { canaryOpenMetrics } from './__testUtils__/canaryFixture';
import { component } from './__testUtils__/fakePrometheus';
import { FIXTURE_END } from './__testUtils__/openMetricsFixture';
import {
  RealPrometheus,
  startRealPrometheus,
} from './__testUtils__/realPrometheus';
import { startMetricsBackend } from './__testUtils__/testBackend';

// Real Prometheus over a backfilled TSDB: Prometheus evaluates the analysis query itself, and
// each verdict follows from the fixture's rates and buckets (see canaryFixture.ts).
jest.setTimeout(60_000);

let prometheus: RealPrometheus;
let app: any;

const annotated = (name: string, service: string, thresholds: string) =>
  component(name, {
    'backstage.io/kubernetes-id': service,
    'backstage.io/kubernetes-namespace': 'default',
    'ops-portal/canary-thresholds': thresholds,
  });

beforeAll(async () => {
  prometheus = await startRealPrometheus(canaryOpenMetrics());
  app = await startMetricsBackend({
    prometheus: [{ name: 'test', url: prometheus.url }],
    cacheTtlSeconds: 0,
    entities: [
      component('checkout'),
      component('edges'),
      annotated(
        'checkout-lenient',
        'checkout',
        'max-p99-ms=1000, min-success-rate=90, min-requests=10',
      ),
      annotated('checkout-broken', 'checkout', 'min-success-rate=high'),
    ],
  });
});

afterAll(async () => {
  await prometheus?.stop();
});

async function analysis(name: string) {
  const res = await request(app)
    .get(
      `/api/metrics/canary-analysis?entityRef=component:default/${name}&end=${FIXTURE_END}`,
    )
    .set('authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body;
}

const verdicts = (body: any) =>
  Object.fromEntries(
    body.versions.map((v: any) => [
      v.version,
      [v.status, ...v.checks.map((c: any) => c.status)],
    ]),
  );

describe('canary analysis against a real Prometheus', () => {
  it('passes the healthy version, fails the bad one and calls the idle one inconclusive', async () => {
    const body = await analysis('checkout');
    expect(body).toMatchObject({
      intervalSeconds: 60,
      evaluatedAt: FIXTURE_END,
      thresholdsSource: 'config',
      thresholds: { minSuccessRate: 99, maxLatencyP99Ms: 500, minRequests: 20 },
    });
    expect(verdicts(body)).toEqual({
      v1: ['passed', 'passed', 'passed', 'passed'],
      v2: ['failed', 'passed', 'failed', 'failed'],
      v3: ['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive'],
    });
    const [v1, v2, v3] = body.versions;
    expect(v1).toMatchObject({
      requests: 600,
      successRate: 100,
      latencyP99Ms: 99,
    });
    expect(v2).toMatchObject({
      requests: 600,
      successRate: 92,
      latencyP99Ms: 990,
    });
    expect(v3.requests).toBe(12);
    expect(v2.checks[1].message).toBe('success rate 92% < 99%');
    expect(v2.checks[2].message).toBe('p99 990 ms > 500 ms');
  });

  it('judges values on a threshold as passing and just past it as failing', async () => {
    const body = await analysis('edges');
    expect(verdicts(body)).toEqual({
      'p99-500': ['passed', 'passed', 'passed', 'passed'],
      'p99-over': ['failed', 'passed', 'passed', 'failed'],
      'sr-99': ['passed', 'passed', 'passed', 'passed'],
      'sr-under': ['failed', 'passed', 'failed', 'passed'],
    });
    const byVersion = Object.fromEntries(
      body.versions.map((v: any) => [v.version, v]),
    );
    expect(byVersion['sr-99'].successRate).toBe(99);
    expect(byVersion['sr-under'].successRate).toBe(98.9);
    expect(byVersion['p99-500'].latencyP99Ms).toBe(500);
    expect(byVersion['p99-over'].latencyP99Ms).toBe(545.5);
  });

  it("uses the entity's own thresholds from its annotation", async () => {
    const body = await analysis('checkout-lenient');
    expect(body.thresholdsSource).toBe('annotation');
    expect(body.thresholds).toEqual({
      minSuccessRate: 90,
      maxLatencyP99Ms: 1000,
      minRequests: 10,
    });
    expect(verdicts(body)).toEqual({
      v1: ['passed', 'passed', 'passed', 'passed'],
      v2: ['passed', 'passed', 'passed', 'passed'],
      v3: ['passed', 'passed', 'passed', 'passed'],
    });
  });

  it('answers a malformed annotation with what is wrong with it', async () => {
    const body = await analysis('checkout-broken');
    expect(body.missingAnnotation).toBe('ops-portal/canary-thresholds');
    expect(body.message).toContain('"min-success-rate=high" is not key=number');
  });
});
