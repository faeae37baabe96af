import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import type { TrafficSaveRequest } from '@internal/plugin-ops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  driverState,
  otherSaveState,
  TRAFFIC_BACKEND,
} from '../__testUtils__/fixtures';
import { TrafficClient } from './TrafficClient';
import { isTrafficState, TrafficConflictError } from './types';

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
    expect(isTrafficState(state)).toBe(true);
    expect(state).toEqual(driverState);
    expect(entityRef).toBe('component:default/driver');
  });

  it.each([
    [
      {
        notConfigured: {
          reason: 'object-not-found',
          annotation: 'ops-portal/istio-virtualservice',
          message: 'No VirtualService driver in namespace driver',
        },
      },
      {
        message: 'No VirtualService driver in namespace driver',
        annotation: 'ops-portal/istio-virtualservice',
        reason: 'object-not-found',
      },
    ],
    [
      { status: 'not-configured', message: 'VirtualService driver not found' },
      { message: 'VirtualService driver not found' },
    ],
    [
      { missingAnnotation: 'backstage.io/kubernetes-id' },
      {
        message: "Check the entity's backstage.io/kubernetes-id annotation",
        annotation: 'backstage.io/kubernetes-id',
      },
    ],
    [{}, { message: 'Traffic management is not configured for this entity' }],
  ])(
    'turns a body that is not a state into "not configured" (%j)',
    async (body, expected) => {
      server.use(
        http.get(`${TRAFFIC_BACKEND}/state`, () => HttpResponse.json(body)),
      );
      const state = await client.getState('component:default/driver');
      expect(isTrafficState(state)).toBe(false);
      expect(state).toEqual({ status: 'not-configured', ...expected });
    },
  );

  it('previews with POST and saves with PUT, sending the request as JSON', async () => {
    const bodies: Array<[string, unknown]> = [];
    server.use(
      http.post(`${TRAFFIC_BACKEND}/preview`, async ({ request: req }) => {
        bodies.push(['POST', await req.json()]);
        return HttpResponse.json({
          mode: 'git',
          change: { weights: true, resilience: false },
          files: [],
        });
      }),
      http.put(`${TRAFFIC_BACKEND}/policy`, async ({ request: req }) => {
        bodies.push(['PUT', await req.json()]);
        return HttpResponse.json({
          outcome: 'committed',
          mode: 'git',
          commit: 'abc',
          state: driverState,
        });
      }),
    );
    await expect(client.preview(request)).resolves.toMatchObject({
      mode: 'git',
    });
    await expect(client.save(request)).resolves.toMatchObject({
      outcome: 'committed',
    });
    expect(bodies).toEqual([
      ['POST', request],
      ['PUT', request],
    ]);
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
