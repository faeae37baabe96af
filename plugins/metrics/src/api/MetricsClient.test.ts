import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { goldenSignals, METRICS_BACKEND } from '../__testUtils__/fixtures';
import { MetricsClient } from './MetricsClient';
import { isMissingAnnotation } from './types';

const server = setupServer();

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
        return HttpResponse.json(goldenSignals());
      }),
    );

    await expect(client.getGoldenSignals(request)).resolves.toEqual(
      goldenSignals(),
    );
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

  it('turns an error answer into a ResponseError with the backend message', async () => {
    server.use(
      http.get(`${METRICS_BACKEND}/golden-signals`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Prometheus "sandbox" is unreachable: timeout',
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
      'Prometheus "sandbox" is unreachable: timeout',
    );
  });
});
