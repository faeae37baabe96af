import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  isTrafficNotConfigured,
  TrafficNotConfigured,
  TrafficPreview,
  TrafficSaveRequest,
  TrafficSaveResponse,
} from '@internal/plugin-traffic-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  driverState,
  otherSaveState,
  TRAFFIC_BACKEND,
} from '../__testUtils__/fixtures';
import { TrafficClient } from './TrafficClient';
import { TrafficConflictError } from './TrafficConflictError';

const server = setupServer();

const request: TrafficSaveRequest = {
  entityRef: 'component:default/driver',
  policy: driverState.desired,
  baseVersion: 'v-1',
};

describe('TrafficClient', () => {
  registerMswTestHooks(server);
  const client = new TrafficClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });

  it('reads the state of the entity', async () => {
    let entityRef: string | null = null;
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, ({ request: req }) => {
        entityRef = new URL(req.url).searchParams.get('entityRef');
        return HttpResponse.json(driverState);
      }),
    );
    const state = await client.getState('component:default/driver');
    expect(isTrafficNotConfigured(state)).toBe(false);
    expect(state).toEqual(driverState);
    expect(entityRef).toBe('component:default/driver');
  });

  it('answers the not-configured body as the backend sent it', async () => {
    const body: TrafficNotConfigured = {
      notConfigured: {
        reason: 'object-not-found',
        annotation: 'ops-portal/istio-virtualservice',
        message: 'No VirtualService driver in namespace driver',
      },
    };
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, () => HttpResponse.json(body)),
    );
    const state = await client.getState('component:default/driver');
    expect(isTrafficNotConfigured(state)).toBe(true);
    expect(state).toEqual(body);
  });

  it.each([
    ['a not-configured body in another shape', { status: 'not-configured' }],
    [
      'an annotation alone',
      { missingAnnotation: 'backstage.io/kubernetes-id' },
    ],
    ['an empty object', {}],
    ['a state without its version', { ...driverState, version: undefined }],
  ])('refuses %s instead of guessing what it means', async (_case, body) => {
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, () => HttpResponse.json(body)),
    );
    await expect(client.getState('component:default/driver')).rejects.toThrow(
      /^The traffic backend answered GET \/state with an unexpected body \(/,
    );
  });

  it('previews with POST and saves with PUT, sending the request as JSON', async () => {
    const preview: TrafficPreview = {
      mode: 'git',
      change: { weights: true, resilience: false },
      files: [],
    };
    const saved: TrafficSaveResponse = {
      outcome: 'committed',
      mode: 'git',
      commit: 'abc',
      branch: 'main',
      state: driverState,
      warnings: [],
    };
    const bodies: Array<[string, unknown]> = [];
    server.use(
      http.post(`${TRAFFIC_BACKEND}/preview`, async ({ request: req }) => {
        bodies.push(['POST', await req.json()]);
        return HttpResponse.json(preview);
      }),
      http.put(`${TRAFFIC_BACKEND}/policy`, async ({ request: req }) => {
        bodies.push(['PUT', await req.json()]);
        return HttpResponse.json(saved);
      }),
    );
    await expect(client.preview(request)).resolves.toEqual(preview);
    await expect(client.save(request)).resolves.toEqual(saved);
    expect(bodies).toEqual([
      ['POST', request],
      ['PUT', request],
    ]);
  });

  it.each([
    ['a preview without files', 'POST', '/preview', { mode: 'git' }],
    [
      'a save without warnings',
      'PUT',
      '/policy',
      { outcome: 'committed', mode: 'git', state: driverState },
    ],
  ])('refuses %s', async (_case, method, path, body) => {
    const handler = method === 'POST' ? http.post : http.put;
    server.use(
      handler(`${TRAFFIC_BACKEND}${path}`, () => HttpResponse.json(body)),
    );
    const call =
      method === 'POST' ? client.preview(request) : client.save(request);
    await expect(call).rejects.toThrow(
      `The traffic backend answered ${method} ${path} with an unexpected body`,
    );
  });

  it('turns a 409 with the current state into a TrafficConflictError', async () => {
    server.use(
      http.put(`${TRAFFIC_BACKEND}/policy`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'state changed' },
            current: otherSaveState,
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client.save(request).catch(e => e);
    expect(error).toBeInstanceOf(TrafficConflictError);
    expect(error.message).toBe('state changed');
    expect(error.current).toEqual(otherSaveState);
  });

  it('turns a 409 without a state, and other errors, into a ResponseError', async () => {
    server.use(
      http.put(`${TRAFFIC_BACKEND}/policy`, () =>
        HttpResponse.json(
          { error: { name: 'ConflictError', message: 'busy' } },
          { status: 409 },
        ),
      ),
      http.post(`${TRAFFIC_BACKEND}/preview`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'weights must sum to 100 (they sum to 90)',
            },
            request: { method: 'POST', url: '/api/traffic/preview' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const conflict = await client.save(request).catch(e => e);
    expect(conflict).toBeInstanceOf(ResponseError);
    expect(conflict.statusCode).toBe(409);
    const invalid = await client.preview(request).catch(e => e);
    expect(invalid).toBeInstanceOf(ResponseError);
    expect(invalid.cause.message).toBe(
      'weights must sum to 100 (they sum to 90)',
    );
  });
});
