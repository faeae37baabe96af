/*
 * Two replicas of the production backend (image build, NODE_ENV=production, env-only config) on
 * one PostgreSQL and one Redis, behind a round-robin proxy that routes only to replicas whose
 * readiness answers 200 (as a Kubernetes Service does). Every wait is on observable state: task
 * status, readiness, requests seen by the taps, commit counts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serviceValues, stepStatuses, TaskEvent } from '../harness/scaffolder';
import { poll } from '../harness/poll';
import { repoRoot } from '../harness/stack';
import { readEventStream } from './eventStream';
import { HoldRule, TappedRequest } from './httpTap';
import {
  ReplicaCluster,
  SERVICE_TEMPLATE_REF,
  startReplicaCluster,
} from './replicaCluster';
import { ReplicaProcess } from './replicaProcess';

const run = promisify(execFile);
const logDir = join(repoRoot, 'artifacts', 'production-replicas');
const DRIVER = 'component:default/driver';
const FINAL = new Set(['completed', 'failed', 'cancelled']);

// Replica restarts and task recovery (a 30 s stale timeout) on a busy 2-core machine.
jest.setTimeout(900_000);

describe('two production replicas behind a round-robin proxy (one PostgreSQL, one Redis)', () => {
  let cluster: ReplicaCluster;
  let a: ReplicaProcess;
  let b: ReplicaProcess;

  beforeAll(async () => {
    cluster = await startReplicaCluster({
      count: 2,
      logDir,
      databasePrefix: 'replicas_',
    });
    a = cluster.replica('a');
    b = cluster.replica('b');
  }, 1_500_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 300_000);

  const auth = () => ({ authorization: `Bearer ${cluster.token}` });

  async function call(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...auth(), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }

  async function submit(baseUrl: string, name: string): Promise<string> {
    const res = await call(baseUrl, 'POST', '/api/scaffolder/v2/tasks', {
      templateRef: SERVICE_TEMPLATE_REF,
      values: serviceValues(name),
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function finishedTask(baseUrl: string, id: string) {
    return poll(
      `task ${id} to finish`,
      async () => {
        const res = await call(
          baseUrl,
          'GET',
          `/api/scaffolder/v2/tasks/${id}`,
        );
        return res.status === 200 && FINAL.has(res.body.status)
          ? (res.body as { status: string })
          : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500 },
    );
  }

  async function taskEvents(baseUrl: string, id: string): Promise<TaskEvent[]> {
    const res = await call(
      baseUrl,
      'GET',
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Subjects of the commits on main of the sandbox's GitOps repository. */
  async function commitSubjects(): Promise<string[]> {
    const { stdout } = await run(
      'git',
      ['log', '--format=%s', 'refs/heads/main'],
      { cwd: cluster.sandbox.sandbox.git.repoPath },
    );
    return stdout.split('\n').filter(line => line !== '');
  }

  /** What exists for a service on the platform: commits, Keycloak clients, Argo CD Applications. */
  async function footprint(name: string) {
    const subjects = await commitSubjects();
    const apps = await fetch(
      `${cluster.sandbox.urls.argocd}/api/v1/applications`,
      {
        headers: {
          authorization: `Bearer ${cluster.sandbox.credentials.argocd.readerToken}`,
        },
      },
    ).then(
      res =>
        res.json() as Promise<{ items: Array<{ metadata: { name: string } }> }>,
    );
    return {
      commits: subjects.filter(s => s === `Add service ${name}`).length,
      keycloakClients: cluster.sandbox.sandbox.keycloak.listClients(
        'platform',
        {
          clientId: name,
        },
      ).length,
      applications: apps.items.filter(app => app.metadata.name === name).length,
    };
  }

  /** An Application created through a tap (its body is not recorded: count within one test). */
  const createdApplication = (r: TappedRequest) =>
    r.method === 'POST' &&
    r.path === '/api/v1/applications' &&
    (r.status ?? 0) >= 200 &&
    (r.status ?? 0) < 300;

  it('runs a template submitted through A exactly once, and B streams its events to the end', async () => {
    const name = 'replica-once';
    const id = await submit(a.url, name);
    const events = await readEventStream(
      `${b.url}/api/scaffolder/v2/tasks/${id}/eventstream`,
      cluster.token,
      event => event.event === 'completion',
    );
    const completion = events.at(-1)!;
    expect(completion.data.body.error).toBeUndefined();
    expect(completion.data.body.message).toBe(
      'Run completed with status: completed',
    );
    // Every step ran once, in one replica: one `processing` event per step.
    const started = events
      .filter(e => e.data.body?.status === 'processing')
      .map(e => e.data.body.stepId);
    expect(started).toEqual([
      'preflight',
      'render',
      'fetch',
      'keycloak',
      'publish',
      'argocd',
      'register',
    ]);
    expect(await finishedTask(b.url, id)).toMatchObject({
      status: 'completed',
    });
    // One replica created the Application: one create through one tap.
    const creates = Object.values(cluster.argocd).map(tap =>
      tap.count(createdApplication),
    );
    expect(creates.sort()).toEqual([0, 1]);
    expect(await footprint(name)).toEqual({
      commits: 1,
      keycloakClients: 1,
      applications: 1,
    });
  });

  it('ends a run whose replica is killed mid-run on the other replica, failed with a clear message, and a re-run completes; never a second commit, Keycloak client or Application', async () => {
    const name = 'replica-crash';
    // Hold the sync-status reads of the new Application: the run stops inside its argocd step,
    // after the Keycloak client, the commit and the Application were created.
    const holdSyncWait: HoldRule = (request, earlier) =>
      request.method === 'GET' &&
      request.path.startsWith(`/api/v1/applications/${name}`) &&
      earlier.some(createdApplication);
    for (const tap of Object.values(cluster.argocd)) tap.holdWhen(holdSyncWait);
    const id = await submit(cluster.proxy.url, name);
    const runner = await poll(
      'the run to wait for its Application to sync',
      async () =>
        Object.entries(cluster.argocd).find(
          ([, tap]) => tap.heldCount > 0,
        )?.[0],
      { timeoutMs: 300_000, intervalMs: 200 },
    );
    const victim = cluster.replica(runner);
    const survivor = victim === a ? b : a;
    expect(await footprint(name)).toEqual({
      commits: 1,
      keycloakClients: 1,
      applications: 1,
    });

    await victim.kill();
    for (const tap of Object.values(cluster.argocd)) tap.release();
    try {
      await expectRecoveredRun(survivor, id, name);
    } finally {
      victim.start();
      await victim.waitReady();
      await poll('the proxy to route to the restarted replica', async () =>
        cluster.proxy.isReady(runner) ? true : undefined,
      );
    }
  });

  /**
   * The survivor reopens the task once its heartbeat is stale (scaffolder.taskRecovery), skips the
   * completed steps and re-runs the argocd step. The workspace (the rendered files) stayed with the
   * killed replica, so the step fails and says how to finish: run the template again, which
   * completes and reuses what the first run created.
   */
  async function expectRecoveredRun(
    survivor: ReplicaProcess,
    id: string,
    name: string,
  ) {
    const task = await finishedTask(survivor.url, id);
    const events = await taskEvents(survivor.url, id);
    expect(events.filter(e => e.type === 'recovered')).toHaveLength(1);
    expect({
      status: task.status,
      steps: stepStatuses(events),
      error: events.find(e => e.type === 'completion')?.body.error?.message,
    }).toEqual({
      status: 'failed',
      steps: {
        preflight: 'completed',
        render: 'completed',
        fetch: 'completed',
        keycloak: 'completed',
        publish: 'completed',
        argocd: 'failed',
        register: 'skipped',
      },
      error: expect.stringContaining(
        'run the template again with the same values',
      ),
    });
    expect(await footprint(name)).toEqual({
      commits: 1,
      keycloakClients: 1,
      applications: 1,
    });
    const again = await submit(survivor.url, name);
    expect(await finishedTask(survivor.url, again)).toMatchObject({
      status: 'completed',
    });
    expect(await footprint(name)).toEqual({
      commits: 1,
      keycloakClients: 1,
      applications: 1,
    });
  }

  it('commits one of two traffic saves sent at once to A and B, and answers the other 409 with the current state', async () => {
    const state = await call(
      a.url,
      'GET',
      `/api/traffic/state?entityRef=${encodeURIComponent(DRIVER)}`,
    );
    expect(state.status).toBe(200);
    const edit = (timeout: string) => ({
      entityRef: DRIVER,
      baseVersion: state.body.version,
      policy: {
        ...state.body.desired,
        resilience: { ...state.body.desired.resilience, timeout },
      },
    });
    const before = (await commitSubjects()).length;
    const answers = await Promise.all([
      call(a.url, 'PUT', '/api/traffic/policy', edit('11s')),
      call(b.url, 'PUT', '/api/traffic/policy', edit('12s')),
    ]);
    expect(answers.map(r => r.status).sort()).toEqual([200, 409]);
    const conflict = answers.find(r => r.status === 409)!;
    const saved = answers.find(r => r.status === 200)!;
    expect(conflict.body.error.name).toBe('ConflictError');
    expect(conflict.body.current).toBeDefined();
    expect(conflict.body.current.version).not.toBe(state.body.version);
    expect((await commitSubjects()).length).toBe(before + 1);
    // The state the 409 returned is the saved one.
    const winner = answers.indexOf(saved) === 0 ? '11s' : '12s';
    expect(conflict.body.current.desired.resilience.timeout).toBe(winner);
  });

  it('serves an Ops tab load repeated on B within the cache TTL from the shared cache (no second Prometheus query)', async () => {
    const end = Math.floor(Date.now() / 1000) - 7;
    const paths = [
      `/api/metrics/golden-signals?entityRef=${encodeURIComponent(
        DRIVER,
      )}&range=1h&end=${end}`,
      `/api/metrics/hpa-history?entityRef=${encodeURIComponent(
        DRIVER,
      )}&range=1h&end=${end}`,
    ];
    const queries = () =>
      cluster.prometheus.count(r => r.path.startsWith('/api/v1/query'));
    const beforeA = queries();
    for (const path of paths) {
      expect((await call(a.url, 'GET', path)).status).toBe(200);
    }
    const afterA = queries();
    expect(afterA).toBeGreaterThan(beforeA);
    const fromA = await Promise.all(paths.map(p => call(a.url, 'GET', p)));
    for (const path of paths) {
      const res = await call(b.url, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(fromA[paths.indexOf(path)].body);
    }
    expect(queries()).toBe(afterA);
  });

  it('loses no request of a steady read load through a rolling restart (stop A, start A, stop B, start B)', async () => {
    const { proxy } = cluster;
    const failuresBefore = proxy.failures.length;
    const servedBefore = { ...proxy.served };
    const paths = [
      `/api/catalog/entities/by-name/component/default/driver`,
      `/api/kong/routes?entityRef=${encodeURIComponent(DRIVER)}`,
      '/.backstage/health/v1/liveness',
    ];
    let stopLoad = false;
    const answers: Record<string, number> = {};
    const errors: string[] = [];
    const reader = async (n: number) => {
      for (let i = n; !stopLoad; i++) {
        const path = paths[i % paths.length];
        try {
          const res = await fetch(`${proxy.url}${path}`, { headers: auth() });
          await res.arrayBuffer();
          answers[res.status] = (answers[res.status] ?? 0) + 1;
          if (res.status !== 200) errors.push(`${path}: HTTP ${res.status}`);
        } catch (error) {
          errors.push(`${path}: ${String(error)}`);
        }
      }
    };
    const load = [0, 1, 2, 3].map(reader);
    const restart = async (replica: ReplicaProcess, name: string) => {
      await replica.terminate();
      expect(proxy.isReady(name)).toBe(false);
      replica.start();
      await replica.waitReady();
      await poll(`the proxy to route to ${name} again`, async () =>
        proxy.isReady(name) ? true : undefined,
      );
    };
    try {
      await restart(a, 'a');
      await restart(b, 'b');
    } finally {
      stopLoad = true;
      await Promise.all(load);
    }
    expect(errors).toEqual([]);
    expect(proxy.failures.slice(failuresBefore)).toEqual([]);
    expect(answers[200]).toBeGreaterThan(0);
    // Both replicas carried load during the restart.
    expect(proxy.served.a).toBeGreaterThan(servedBefore.a);
    expect(proxy.served.b).toBeGreaterThan(servedBefore.b);
  });
});
