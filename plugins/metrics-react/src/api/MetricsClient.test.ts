import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GoldenSignalsResponse } from './types';
import { MetricsClient } from './MetricsClient';
import { isMissingAnnotation } from './types';

const server = setupServer();

/** Where `mockApis.discovery()` places the metrics backend. */
const METRICS_BACKEND = 'http://example.com/api/metrics';

const signals: GoldenSignalsResponse = {
  instance: { name: 'sandbox', prometheusUrl: 'http://prometheus.example.com' },
  window: { start: 1795327200, end: 1795348800, stepSeconds: 120 },
  groups: [],
};

describe('MetricsClient', () => {
  registerMswTestHooks(server);

  const client = new MetricsClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });
  const request = {
    entityRef: 'component:default/driver',
    range: '6h' as const,
    end: new Date('2026-11-22T12:00:00.900Z'),
  };

  it('asks the metrics backend for the entity, range and end in unix seconds', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${METRICS_BACKEND}/golden-signals`, ({ request: req }) => {
        url = new URL(req.url);
        return HttpResponse.json(signals);
      }),
    );

    await expect(client.getGoldenSignals(request)).resolves.toEqual(signals);
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      entityRef: 'component:default/driver',
      range: '6h',
      end: '1795348800',
    });
  });

  it('reads the HPA history and a missing annotation', async () => {
    server.use(
      http.get(`${METRICS_BACKEND}/hpa-history`, () =>
        HttpResponse.json({ missingAnnotation: 'backstage.io/kubernetes-id' }),
      ),
    );
    const response = await client.getHpaHistory(request);
    expect(isMissingAnnotation(response)).toBe(true);
  });

  it('asks for the observed split of the entity, without a window', async () => {
    let url: URL | undefined;
    const split = {
      versions: [
        { version: 'v1', share: 0.9, requestsPerSecond: 9 },
        { version: 'v2', share: 0.1, requestsPerSecond: 1 },
      ],
    };
    server.use(
      http.get(`${METRICS_BACKEND}/observed-split`, ({ request: req }) => {
        url = new URL(req.url);
        return HttpResponse.json(split);
      }),
    );

    await expect(
      client.getObservedSplit('component:default/driver'),
    ).resolves.toEqual(split);
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      entityRef: 'component:default/driver',
    });
  });

  it('reads the canary analysis of an entity', async () => {
    let url: URL | undefined;
    const analysis = {
      intervalSeconds: 60,
      evaluatedAt: 1_700_000_000,
      thresholds: { minSuccessRate: 99, maxLatencyP99Ms: 500, minRequests: 20 },
      thresholdsSource: 'config',
      versions: [],
    };
    server.use(
      http.get(`${METRICS_BACKEND}/canary-analysis`, ({ request: req }) => {
        url = new URL(req.url);
        return HttpResponse.json(analysis);
      }),
    );
    await expect(
      client.getCanaryAnalysis('component:default/driver'),
    ).resolves.toEqual(analysis);
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      entityRef: 'component:default/driver',
    });
  });

  it('turns an observed-split error into a ResponseError', async () => {
    server.use(
      http.get(`${METRICS_BACKEND}/observed-split`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                "Prometheus 'sandbox' is unreachable (ECONNREFUSED) for instant query",
            },
          },
          { status: 503 },
        ),
      ),
    );
    const error = await client
      .getObservedSplit('component:default/driver')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.cause.message).toMatch(/ECONNREFUSED/);
  });

  it('turns an error answer into a ResponseError with the backend message', async () => {
    server.use(
      http.get(`${METRICS_BACKEND}/golden-signals`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                "Prometheus 'sandbox' did not answer range query within 5000 ms",
            },
            request: { method: 'GET', url: '/golden-signals' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );

    const error = await client.getGoldenSignals(request).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.cause.message).toBe(
      "Prometheus 'sandbox' did not answer range query within 5000 ms",
    );
  });
});
