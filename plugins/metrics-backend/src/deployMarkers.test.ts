import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ArgoActionsState } from '@internal/plugin-argocd-actions-common';
import { Rollout } from '@internal/plugin-traffic-common';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { component, PROM_URL } from './__testUtils__/fakePrometheus';
import { startMetricsBackend } from './__testUtils__/testBackend';

// The test's own requests to the backend under test go through.
const server = setupServer(
  http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
);
registerMswTestHooks(server);

// mockServices.discovery: every plugin at http://localhost:0/api/<pluginId>, answered by msw.
const ARGO_ACTIONS = 'http://localhost:0/api/argocd-actions';
const TRAFFIC = 'http://localhost:0/api/traffic';
const END = 1_700_000_010; // 2023-11-14T22:13:30Z, aligned to the 15 s step of a 15 m window
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const SYNC_AT = END - 600; // 10 minutes before the end of the window

const argoState: ArgoActionsState = {
  instance: 'main',
  application: 'driver',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  autoSync: true,
  rollbackMode: 'git-revert',
  history: [
    {
      id: 4,
      revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      deployedAt: iso(SYNC_AT),
      author: 'Alice <alice@example.com>',
      message: 'driver 1.4.0',
      current: true,
    },
    {
      id: 3,
      revision: '0f9e8d7c6b5a49382716a5b4c3d2e1f098765432',
      deployedAt: iso(END - 7200), // outside the window
      current: false,
    },
  ],
};

const rollout = {
  id: '3f2a9c1e-0000-4000-8000-000000000001',
  entityRef: 'component:default/driver',
  canarySubset: 'v2',
  stableSubset: 'v1',
  plan: { steps: [50, 100], intervalSeconds: 60, maxFailedChecks: 1 },
  status: 'failed',
  phase: 'rollback',
  stepIndex: 0,
  failedChecks: 1,
  phaseSince: iso(END - 120),
  expectedWeights: [{ subset: 'v1', weight: 100 }],
  message: 'Failed at step 1/2',
  startedBy: 'user:default/guest',
  startedAt: iso(END - 300),
  updatedAt: iso(END - 120),
  events: [
    { at: iso(END - 300), kind: 'started', weight: 0, message: 'Started' },
    {
      at: iso(END - 290),
      kind: 'step-written',
      weight: 50,
      commit: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
      message: 'Step 1/2: v2 at 50%',
    },
    {
      at: iso(END - 120),
      kind: 'rolled-back',
      weight: 0,
      message: 'All traffic back to v1',
    },
    { at: iso(END - 120), kind: 'failed', message: 'Failed at step 1/2' },
    // After the window's aligned end (END is on a 30 s step of the 1 h range), before the request's.
    { at: iso(END + 7), kind: 'succeeded', message: 'A later rollout event' },
  ],
  revision: 6,
} satisfies Rollout;

/** Instant queries: before the sync 10 req/s, 0.5 % 5xx, p95 120 ms; after it 8 % 5xx, p95 900 ms. */
function prometheus(received: URLSearchParams[]) {
  return http.post(`${PROM_URL}/api/v1/query`, async ({ request: req }) => {
    const params = new URLSearchParams(await req.text());
    received.push(params);
    const after = Number(params.get('time')) > SYNC_AT;
    const values = after
      ? { rps: '10', errors: '8', p95: '900' }
      : { rps: '10', errors: '0.5', p95: '120' };
    return HttpResponse.json({
      status: 'success',
      data: {
        resultType: 'vector',
        result: Object.entries(values).map(([panel, value]) => ({
          metric: { ops_panel: panel },
          value: [Number(params.get('time')), value],
        })),
      },
    });
  });
}

async function start(commitUrlTemplate?: string) {
  return startMetricsBackend({
    entities: [component('driver')],
    commitUrlTemplate,
    services: [mockServices.discovery.factory()],
  });
}

function get(app: any) {
  return request(app)
    .get(
      `/api/metrics/deploy-markers?entityRef=component:default/driver&range=1h&end=${
        END + 9
      }`,
    )
    .set('authorization', mockCredentials.user.header());
}

describe('GET /api/metrics/deploy-markers', () => {
  it('marks the syncs and rollout steps in the window and compares the 10 minutes around the last sync', async () => {
    const received: URLSearchParams[] = [];
    const asked: string[] = [];
    server.use(
      http.get(`${ARGO_ACTIONS}/state`, ({ request: req }) => {
        asked.push(
          `${new URL(req.url).search} ${
            req.headers.get('authorization') ? 'token' : 'none'
          }`,
        );
        return HttpResponse.json(argoState);
      }),
      http.get(`${TRAFFIC}/rollouts`, () =>
        HttpResponse.json({ recent: [rollout] }),
      ),
      prometheus(received),
    );
    const app = await start('https://git.example.com/gitops/commit/{sha}');

    const res = await get(app);

    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.markers).toEqual([
      {
        time: SYNC_AT * 1000,
        kind: 'sync',
        label: 'Sync a1b2c3d',
        revision: argoState.history[0].revision,
        author: 'Alice <alice@example.com>',
        message: 'driver 1.4.0',
        url: `https://git.example.com/gitops/commit/${argoState.history[0].revision}`,
      },
      {
        time: (END - 290) * 1000,
        kind: 'rollout',
        label: 'Rollout step (v2 at 50%)',
        message: 'Step 1/2: v2 at 50%',
        revision: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
      },
      {
        time: (END - 120) * 1000,
        kind: 'rollout',
        label: 'Rollout rolled back (v2 at 0%)',
        message: 'All traffic back to v1',
      },
      {
        time: (END + 7) * 1000,
        kind: 'rollout',
        label: 'Rollout succeeded',
        message: 'A later rollout event',
      },
    ]);
    expect(asked).toEqual(['?entityRef=component%3Adefault%2Fdriver token']);
    // The sync is long past (the service's clock is real): each side is the full 15 minutes.
    expect(res.body.impact.marker.label).toBe('Sync a1b2c3d');
    expect(res.body.impact.windowSeconds).toBe(900);
    expect(res.body.impact.figures).toEqual([
      {
        name: 'requests-per-second',
        before: 10,
        after: 10,
        changePercent: 0,
        regressed: false,
      },
      {
        name: 'error-rate',
        before: 0.5,
        after: 8,
        changePercent: 1500,
        regressed: true,
      },
      {
        name: 'latency-p95',
        before: 120,
        after: 900,
        changePercent: 650,
        regressed: true,
      },
    ]);
    // One grouped instant query per side, at the sync and 900 s after it.
    expect(received.map(p => Number(p.get('time')))).toEqual(
      expect.arrayContaining([SYNC_AT, SYNC_AT + 900]),
    );
    expect(received).toHaveLength(2);
    expect(received[0].get('query')).toContain('[900s]');
  });

  it('answers the markers it has when a source fails, naming it, and links nothing without a template', async () => {
    server.use(
      http.get(`${ARGO_ACTIONS}/state`, () => HttpResponse.json(argoState)),
      http.get(`${TRAFFIC}/rollouts`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
      prometheus([]),
    );
    const app = await start();

    const res = await get(app);

    expect(res.status).toBe(200);
    expect(res.body.markers.map((m: any) => m.kind)).toEqual(['sync']);
    expect(res.body.markers[0].url).toBeUndefined();
    expect(res.body.problems).toHaveLength(1);
    expect(res.body.problems[0]).toMatch(/^Rollouts: Traffic backend/);
  });

  it('shows no markers and no comparison for an Application without history', async () => {
    server.use(
      http.get(`${ARGO_ACTIONS}/state`, () =>
        HttpResponse.json({
          missingAnnotation: 'argocd/app-name',
          message: 'Add argocd/app-name',
        }),
      ),
      http.get(`${TRAFFIC}/rollouts`, () => HttpResponse.json({ recent: [] })),
    );
    const app = await start();

    const res = await get(app);

    expect(res.body).toEqual({ markers: [], problems: [] });
  });

  it('reads the sources once for the cards of one Ops tab load (a short shared cache)', async () => {
    let argoReads = 0;
    let rolloutReads = 0;
    server.use(
      http.get(`${ARGO_ACTIONS}/state`, () => {
        argoReads += 1;
        return HttpResponse.json(argoState);
      }),
      http.get(`${TRAFFIC}/rollouts`, () => {
        rolloutReads += 1;
        return HttpResponse.json({ recent: [rollout] });
      }),
      prometheus([]),
    );
    const app = await start();

    const [golden, hpa] = await Promise.all([get(app), get(app)]);

    expect(golden.body).toEqual(hpa.body);
    expect({ argoReads, rolloutReads }).toEqual({
      argoReads: 1,
      rolloutReads: 1,
    });
  });
});
