import {
  DatabaseService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CanaryAnalysisResponse,
  CanaryFigures,
  judgeCanary,
} from '@internal/plugin-metrics-common';
import { waitFor } from '@internal/sandbox/testing';
import { Rollout, TrafficState } from '@internal/plugin-traffic-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  startTrafficSandbox,
  TrafficSandbox,
} from '../__testUtils__/trafficSandbox';
import { guest, trafficServices } from '../__testUtils__/trafficServices';
import { isTrafficNotConfigured } from '../services/types';
import { MetricsCanaryAnalysis } from './CanaryAnalysisClient';
import { createRolloutServices } from './createRolloutServices';
import { RolloutEngine } from './RolloutEngine';
import { RolloutService } from './RolloutService';
import { RolloutStore } from './RolloutStore';

// Starts local servers (git, the local platform) and drives whole rollouts: room for a loaded
// 2-core CI machine.
jest.setTimeout(120_000);

const NGINX = 'component:default/nginx-ab';
const METRICS_URL = 'http://backend.test/api/metrics';
const INTERVAL = 5;

const discovery: DiscoveryService = {
  getBaseUrl: async pluginId => `http://backend.test/api/${pluginId}`,
  getExternalBaseUrl: async pluginId => `http://backend.test/api/${pluginId}`,
};

/** What the metrics backend measures per version; tests set it. */
const measured = new Map<string, Omit<CanaryFigures, 'version'>>();
const analysisRequests: URLSearchParams[] = [];
const GOOD = { requests: 600, errors: 1, latencyP99Ms: 180 };
const BAD = { requests: 600, errors: 48, latencyP99Ms: 900 };

// The metrics backend's GET /canary-analysis, answered in its wire format from `measured`.
const metricsBackend = setupServer(
  http.get(`${METRICS_URL}/canary-analysis`, ({ request }) => {
    const query = new URL(request.url).searchParams;
    analysisRequests.push(query);
    const thresholds = {
      minSuccessRate: Number(query.get('minSuccessRate') ?? 99),
      maxLatencyP99Ms: Number(query.get('maxLatencyP99Ms') ?? 500),
      minRequests: Number(query.get('minRequests') ?? 20),
    };
    const body: CanaryAnalysisResponse = {
      intervalSeconds: Number(query.get('interval')),
      evaluatedAt: Number(query.get('end')),
      thresholds,
      thresholdsSource: query.has('minSuccessRate') ? 'request' : 'config',
      versions: [...measured].map(([version, figures]) =>
        judgeCanary({ version, ...figures }, thresholds),
      ),
    };
    return HttpResponse.json(body);
  }),
);

/** One backend "replica": its traffic services, rollout services and store over a shared database. */
function replica(
  env: TrafficSandbox,
  database: DatabaseService,
  clock: { now: number },
  name: string,
  permissions = mockServices.permissions({ result: AuthorizeResult.ALLOW }),
) {
  const services = trafficServices(env, { replica: name, permissions });
  return {
    services,
    async start(): Promise<{
      rollouts: RolloutService;
      engine: RolloutEngine;
      store: RolloutStore;
    }> {
      const store = await RolloutStore.create(
        database,
        () => new Date(clock.now),
      );
      const auth = mockServices.auth({ pluginId: 'traffic' });
      return {
        store,
        ...createRolloutServices({
          services,
          settings: {
            ...env.settings,
            rollouts: {
              tickSeconds: 1,
              minIntervalSeconds: INTERVAL,
              waitTimeoutSeconds: 600,
            },
          },
          store,
          analysis: new MetricsCanaryAnalysis({
            discovery,
            auth,
            timeoutMs: 5000,
          }),
          auth,
          auditor: services.auditor,
          logger: mockServices.logger.mock(),
          now: () => new Date(clock.now),
        }),
      };
    },
  };
}

async function desiredState(
  services: ReturnType<typeof trafficServices>,
): Promise<TrafficState> {
  const target = await services.targets.resolve(NGINX, guest.credentials);
  if (isTrafficNotConfigured(target)) throw new Error('not configured');
  const snapshot = await services.reader.read(target);
  if (isTrafficNotConfigured(snapshot)) throw new Error('not configured');
  return snapshot.state;
}

const v2Weight = (state: TrafficState, which: 'desired' | 'live') =>
  state[which].weights.find(w => w.subset === 'v2')?.weight ?? 0;

describe('progressive rollouts against the local platform (git mode, Argo CD sync)', () => {
  let env: TrafficSandbox;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let database: DatabaseService;
  const clock = { now: Date.parse('2026-12-05T10:00:00Z') };

  beforeAll(() => {
    metricsBackend.listen({ onUnhandledRequest: 'bypass' });
  });

  afterAll(() => {
    metricsBackend.close();
  });

  beforeEach(async () => {
    env = await startTrafficSandbox();
    const knex = await databases.init('SQLITE_3');
    database = { getClient: async () => knex };
    measured.clear();
    analysisRequests.length = 0;
  });

  afterEach(async () => {
    await env.stop();
  });

  /**
   * Ticks the engine until `done` holds: before each tick the clock passes one interval (an
   * analysis is due), and a step waiting to be live waits for Argo CD's sync of it.
   */
  async function drive(
    engine: RolloutEngine,
    store: RolloutStore,
    services: ReturnType<typeof trafficServices>,
    id: string,
    done: (rollout: Rollout) => boolean,
  ): Promise<Rollout> {
    for (let ticks = 0; ticks < 40; ticks++) {
      const current = await store.get(id);
      if (done(current)) return current;
      if (current.phase === 'wait') {
        const expected = current.expectedWeights.find(w => w.subset === 'v2');
        await waitFor(
          async () => {
            const state = await desiredState(services);
            return (
              state.sync === 'synced' &&
              v2Weight(state, 'live') === (expected?.weight ?? 0)
            );
          },
          { timeoutMs: 30_000, what: 'Argo CD to sync the step' },
        );
      }
      clock.now += INTERVAL * 1000;
      await engine.tick();
    }
    throw new Error(
      `rollout ${id} did not get there: ${JSON.stringify(await store.get(id))}`,
    );
  }

  const rolloutCommits = async () =>
    (await env.log()).filter(line => / \(rollout [0-9a-f]{8} /.test(line));

  it('takes a good canary through 10, 25, 50 and 100 %, one commit per step', async () => {
    measured.set('v1', GOOD);
    measured.set('v2', GOOD);
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, engine, store } = await a.start();

    const started = await rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: { intervalSeconds: INTERVAL },
      },
      guest,
    );
    expect(started).toMatchObject({
      status: 'running',
      phase: 'apply',
      stableSubset: 'v1',
      plan: {
        steps: [10, 25, 50, 100],
        intervalSeconds: INTERVAL,
        maxFailedChecks: 2,
      },
    });

    const done = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.status !== 'running',
    );

    expect(done.status).toBe('succeeded');
    const state = await desiredState(a.services);
    expect(v2Weight(state, 'desired')).toBe(100);
    const commits = await rolloutCommits();
    expect(commits.map(c => c.replace(/^[0-9a-f]{40} /, '')).reverse()).toEqual(
      [1, 2, 3, 4].map(
        step =>
          `Traffic: nginx-ab ${
            [
              'v1 90 / v2 10',
              'v1 75 / v2 25',
              'v1 50 / v2 50',
              'v1 0 / v2 100',
            ][step - 1]
          } (rollout ${started.id.slice(
            0,
            8,
          )} step ${step}/4, by user:default/guest)`,
      ),
    );
    expect(done.events.filter(e => e.kind === 'check-passed')).toHaveLength(4);
    expect(done.events.find(e => e.kind === 'step-written')?.commit).toMatch(
      /^[0-9a-f]{40}$/,
    );
    // Every analysis asked for the plan's interval and the canary's version.
    expect(
      analysisRequests.every(q => q.get('interval') === String(INTERVAL)),
    ).toBe(true);
    expect(analysisRequests.every(q => q.get('entityRef') === NGINX)).toBe(
      true,
    );
  });

  it('rolls a bad canary back after the allowed failed checks, with the figures that failed it', async () => {
    measured.set('v1', GOOD);
    measured.set('v2', BAD);
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, engine, store } = await a.start();
    const started = await rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: { intervalSeconds: INTERVAL },
      },
      guest,
    );

    const done = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.status !== 'running',
    );

    expect(done).toMatchObject({
      status: 'failed',
      failedChecks: 2,
      message:
        'Failed at step 1/4 (v2 at 10%) after 2 failed checks: success rate 92% < 99%, p99 900 ms > 500 ms; rolled back to v1',
    });
    expect(done.events.filter(e => e.kind === 'check-failed')).toHaveLength(2);
    expect(done.events.find(e => e.kind === 'check-failed')?.verdict).toEqual({
      status: 'failed',
      requests: 600,
      successRate: 92,
      latencyP99Ms: 900,
      problems: ['success rate 92% < 99%', 'p99 900 ms > 500 ms'],
    });
    expect(v2Weight(await desiredState(a.services), 'desired')).toBe(0);
    const commits = (await rolloutCommits()).map(c =>
      c.replace(/^[0-9a-f]{40} /, ''),
    );
    expect(commits).toEqual([
      `Traffic: nginx-ab v1 100 / v2 0 (rollout ${started.id.slice(
        0,
        8,
      )} rollback, by user:default/guest)`,
      `Traffic: nginx-ab v1 90 / v2 10 (rollout ${started.id.slice(
        0,
        8,
      )} step 1/4, by user:default/guest)`,
    ]);
  });

  it('sends the plan’s thresholds to the analysis', async () => {
    measured.set('v2', { requests: 600, errors: 3, latencyP99Ms: 180 }); // 99.5 %
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, engine, store } = await a.start();
    const started = await rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: {
          steps: [50, 100],
          intervalSeconds: INTERVAL,
          maxFailedChecks: 1,
          thresholds: { minSuccessRate: 99.9 },
        },
      },
      guest,
    );

    const done = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.status !== 'running',
    );

    expect(done.status).toBe('failed');
    expect(done.message).toContain('success rate 99.5% < 99.9%');
    expect(analysisRequests[0].get('minSuccessRate')).toBe('99.9');
  });

  it('aborts: all weight back to the stable subset, the rollout ends aborted', async () => {
    measured.set('v2', GOOD);
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, engine, store } = await a.start();
    const started = await rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: { intervalSeconds: INTERVAL },
      },
      guest,
    );
    const atStep2 = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.stepIndex === 1 && r.phase === 'analyse',
    );

    const aborting = await rollouts.act(
      started.id,
      'abort',
      atStep2.revision,
      guest,
    );
    expect(aborting).toMatchObject({ status: 'running', phase: 'abort' });
    const done = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.status !== 'running',
    );

    expect(done.status).toBe('aborted');
    expect(v2Weight(await desiredState(a.services), 'desired')).toBe(0);
    expect(done.events.map(e => e.kind)).toContain('abort-requested');
  });

  it('pauses when a person edits the weights, and goes on from the current step on resume', async () => {
    measured.set('v2', GOOD);
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, engine, store } = await a.start();
    const started = await rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: { intervalSeconds: INTERVAL },
      },
      guest,
    );
    await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.phase === 'analyse',
    );
    const before = await desiredState(a.services);
    await a.services.editor.save(
      {
        entityRef: NGINX,
        policy: {
          ...before.desired,
          weights: [
            { subset: 'v1', weight: 70 },
            { subset: 'v2', weight: 30 },
          ],
        },
        baseVersion: before.version,
      },
      guest,
    );
    const commitsAfterEdit = await env.log();

    clock.now += INTERVAL * 1000;
    await engine.tick();
    const paused = await store.get(started.id);

    expect(paused.status).toBe('paused');
    expect(paused.message).toContain(
      'the weights were changed outside the rollout (v1 70% / v2 30% instead of v1 90% / v2 10%)',
    );
    await engine.tick();
    expect(await env.log()).toEqual(commitsAfterEdit);
    expect(v2Weight(await desiredState(a.services), 'desired')).toBe(30);

    const resumed = await rollouts.act(
      started.id,
      'resume',
      paused.revision,
      guest,
    );
    expect(resumed).toMatchObject({
      status: 'running',
      phase: 'apply',
      stepIndex: 0,
    });
    const next = await drive(
      engine,
      store,
      a.services,
      started.id,
      r => r.stepIndex === 1 && r.phase === 'analyse',
    );
    expect(v2Weight(await desiredState(a.services), 'desired')).toBe(25);
    expect(next.status).toBe('running');
  });

  it('resumes after a restart mid-step without writing the step twice', async () => {
    measured.set('v2', GOOD);
    const a = replica(env, database, clock, 'replica-a');
    const first = await a.start();
    const started = await first.rollouts.start(
      {
        entityRef: NGINX,
        canarySubset: 'v2',
        plan: { intervalSeconds: INTERVAL },
      },
      guest,
    );
    // The backend stops right after the step's commit, before the rollout is stored.
    jest
      .spyOn(first.store, 'update')
      .mockRejectedValueOnce(new Error('backend stopped'));
    await first.engine.tick();
    const commitsAfterCrash = await rolloutCommits();
    expect(commitsAfterCrash).toHaveLength(1);
    expect((await first.store.get(started.id)).phase).toBe('apply');

    // Another replica (a new process on the same database) picks the rollout up.
    const b = replica(env, database, clock, 'replica-b');
    const second = await b.start();
    await second.engine.tick();

    const resumed = await second.store.get(started.id);
    expect(resumed).toMatchObject({
      status: 'running',
      phase: 'wait',
      stepIndex: 0,
    });
    expect(await rolloutCommits()).toEqual(commitsAfterCrash);
    const done = await drive(
      second.engine,
      second.store,
      b.services,
      started.id,
      r => r.status !== 'running',
    );
    expect(done.status).toBe('succeeded');
    expect(
      (await rolloutCommits()).filter(c => c.includes('step 1/4')),
    ).toHaveLength(1);
  });

  it('refuses a second rollout of the same entity while one is active', async () => {
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts } = await a.start();
    await rollouts.start({ entityRef: NGINX, canarySubset: 'v2' }, guest);

    await expect(
      rollouts.start({ entityRef: NGINX, canarySubset: 'v2' }, guest),
    ).rejects.toThrow('already has a rollout in progress');
  });

  it('lets a signed-in non-owner neither start nor act on a rollout: nothing stored, nothing changed, audited', async () => {
    const mallory = {
      credentials: mockCredentials.user('user:default/mallory'),
    };
    const ownerOnly = mockServices.permissions.mock();
    ownerOnly.authorize.mockImplementation(async (requests, options) =>
      requests.map(() => ({
        result:
          (options?.credentials.principal as { userEntityRef?: string })
            ?.userEntityRef === 'user:default/guest'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    const a = replica(env, database, clock, 'replica-a', ownerOnly as any);
    const { rollouts, store } = await a.start();
    const commitsBefore = await env.log();

    await expect(
      rollouts.start({ entityRef: NGINX, canarySubset: 'v2' }, mallory),
    ).rejects.toThrow(NotAllowedError);
    expect(await store.forEntity(NGINX)).toEqual({ recent: [] });

    const started = await rollouts.start(
      { entityRef: NGINX, canarySubset: 'v2' },
      guest,
    );
    for (const action of ['pause', 'abort', 'promote'] as const) {
      await expect(
        rollouts.act(started.id, action, started.revision, mallory),
      ).rejects.toThrow(NotAllowedError);
    }
    expect(await store.get(started.id)).toEqual(started);
    expect(await env.log()).toEqual(commitsBefore);
    const denied = a.services.events.filter(
      e =>
        (e.options as { eventId: string }).eventId === 'traffic-rollout' &&
        e.fail.mock.calls.length > 0,
    );
    expect(denied).toHaveLength(4);
    expect(denied.map(e => e.fail.mock.calls[0][0].meta.outcome)).toEqual(
      Array(4).fill('denied'),
    );
  });

  it('answers a stale revision with a conflict and changes nothing', async () => {
    const a = replica(env, database, clock, 'replica-a');
    const { rollouts, store } = await a.start();
    const started = await rollouts.start(
      { entityRef: NGINX, canarySubset: 'v2' },
      guest,
    );
    await rollouts.act(started.id, 'pause', started.revision, guest);
    const paused = await store.get(started.id);

    await expect(
      rollouts.act(started.id, 'abort', started.revision, guest),
    ).rejects.toThrow('The rollout changed since you loaded it');
    expect(await store.get(started.id)).toEqual(paused);
  });
});
