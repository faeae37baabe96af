import { GitCli } from '@internal/plugin-ops-node';
import { waitFor } from '@internal/sandbox/testing';
import { TrafficPolicy, TrafficState } from '@internal/plugin-traffic-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TrafficConflictError } from '../errors';
import {
  git,
  startTrafficSandbox,
  TrafficSandbox,
} from '../__testUtils__/trafficSandbox';
import { guest, trafficServices } from '../__testUtils__/trafficServices';
import { GitTrafficWriter } from './GitTrafficWriter';
import { isTrafficNotConfigured } from './types';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const ISTIO_FILE = 'services/nginx-ab/istio.yaml';
const NGINX = 'component:default/nginx-ab';

const split = (v1: number, v2: number): TrafficPolicy => ({
  weights: [
    { subset: 'v1', weight: v1 },
    { subset: 'v2', weight: v2 },
  ],
  resilience: {},
});

async function stateOf(
  services: ReturnType<typeof trafficServices>,
  entityRef = NGINX,
): Promise<TrafficState> {
  const target = await services.targets.resolve(entityRef, guest.credentials);
  if (isTrafficNotConfigured(target)) throw new Error('not configured');
  const snapshot = await services.reader.read(target);
  if (isTrafficNotConfigured(snapshot)) throw new Error('not configured');
  return snapshot.state;
}

/** Runs a callback right before the first `git push` of this runner (another writer wins the race). */
class RacingGitCli extends GitCli {
  beforeFirstPush?: () => Promise<unknown>;

  async run(args: string[], cwd?: string, extraEnv?: Record<string, string>) {
    if (args[0] === 'push' && this.beforeFirstPush) {
      const hook = this.beforeFirstPush;
      this.beforeFirstPush = undefined;
      await hook();
    }
    return super.run(args, cwd, extraEnv);
  }
}

describe('traffic edits of a Git-managed entity (sandbox git server, Argo CD and cluster)', () => {
  let env: TrafficSandbox;

  beforeEach(async () => {
    env = await startTrafficSandbox();
  });

  afterEach(async () => {
    await env.stop();
  });

  it('reads the desired state from the Application source in the GitOps repository', async () => {
    const state = await stateOf(trafficServices(env));
    expect(state).toMatchObject({
      entityRef: NGINX,
      namespace: 'nginx-ab',
      host: 'nginx-ab',
      routeIndex: 0,
      live: split(100, 0),
      desired: split(100, 0),
      sync: 'synced',
      management: {
        mode: 'git',
        argoCdApp: 'nginx-ab',
        repoUrl: env.sandbox.urls.gitopsRepository,
        branch: 'main',
        files: { virtualService: ISTIO_FILE, destinationRule: ISTIO_FILE },
        publishMode: 'commit',
        revision: (await env.log())[0].split(' ')[0],
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' }, readyPods: 1, totalPods: 1 },
        { name: 'v2', labels: { version: 'v2' }, readyPods: 1, totalPods: 1 },
      ],
    });
    expect(state.version).toMatch(/^git:[0-9a-f]{40}$/);
  });

  it('commits 100/0 → 80/20 as one commit that edits only the weights, syncs, and answers a repeat as unchanged', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const original = await env.show(ISTIO_FILE);
    const commitsBefore = await env.log();

    const result = await services.editor.save(
      { entityRef: NGINX, policy: split(80, 20), baseVersion: before.version },
      guest,
    );

    const commits = await env.log();
    expect(commits).toHaveLength(commitsBefore.length + 1);
    expect(commits[0]).toBe(
      `${result.commit} Traffic: nginx-ab v1 80 / v2 20 (by user:default/guest)`,
    );
    expect(result).toMatchObject({
      outcome: 'committed',
      mode: 'git',
      branch: 'main',
      warnings: [],
    });
    expect(
      await git(
        ['show', '--format=', '--name-only', result.commit!],
        env.repoPath,
      ),
    ).toBe(ISTIO_FILE);
    const edited = await env.show(ISTIO_FILE);
    expect(edited).toBe(
      original
        .replace(
          'subset: v1\n          weight: 100',
          'subset: v1\n          weight: 80',
        )
        .replace(
          'subset: v2\n          weight: 0',
          'subset: v2\n          weight: 20',
        ),
    );
    expect(edited).toContain(
      '# All traffic on v1 until the weights are shifted',
    );
    // Argo CD answers the sync request at once and applies the commit in the background: the
    // answer may still be pending; the live objects follow.
    expect(result.state.desired).toEqual(split(80, 20));
    await waitFor(async () => (await stateOf(services)).sync === 'synced', {
      what: 'Argo CD to apply the commit',
    });
    expect(await stateOf(services)).toMatchObject({
      desired: split(80, 20),
      live: split(80, 20),
    });
    expect(result.state.version).not.toBe(before.version);
    expect(services.events).toHaveLength(1);
    expect(services.events[0].options).toMatchObject({
      eventId: 'traffic-update',
      severityLevel: 'medium',
    });
    expect(services.events[0].success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        actor: 'user:default/guest',
        entityRef: NGINX,
        mode: 'git',
        outcome: 'committed',
        commit: result.commit,
        before: split(100, 0),
        after: split(80, 20),
        force: false,
      }),
    });

    for (const baseVersion of [result.state.version, before.version]) {
      const repeat = await services.editor.save(
        { entityRef: NGINX, policy: split(80, 20), baseVersion },
        guest,
      );
      expect(repeat.outcome).toBe('unchanged');
      expect(repeat.commit).toBeUndefined();
    }
    expect(await env.log()).toEqual(commits);
  });

  it('reads the state once before the commit and once after it, for the answer; a repeat reads once', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const reads = jest.spyOn(services.reader, 'read');
    const writes = jest.spyOn(GitTrafficWriter.prototype, 'write');
    try {
      const result = await services.editor.save(
        {
          entityRef: NGINX,
          policy: split(70, 30),
          baseVersion: before.version,
        },
        guest,
      );
      expect(result.outcome).toBe('committed');
      expect(writes).toHaveBeenCalledTimes(1);
      const [written] = writes.mock.invocationCallOrder;
      const order = reads.mock.invocationCallOrder;
      expect(order.filter(read => read < written)).toHaveLength(1);
      expect(order.filter(read => read > written)).toHaveLength(1);
      // The write went over the state of that one read.
      expect(writes.mock.calls[0][0].state.version).toBe(before.version);

      reads.mockClear();
      const repeat = await services.editor.save(
        {
          entityRef: NGINX,
          policy: split(70, 30),
          baseVersion: before.version,
        },
        guest,
      );
      expect(repeat.outcome).toBe('unchanged');
      expect(reads).toHaveBeenCalledTimes(1);
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      writes.mockRestore();
    }
  });

  it('lets one of two replicas win concurrent saves from the same base; the other gets 409 with the winner', async () => {
    const a = trafficServices(env, { replica: 'replica-a' });
    const b = trafficServices(env, { replica: 'replica-b' });
    const base = (await stateOf(a)).version;
    const commitsBefore = await env.log();

    const results = await Promise.allSettled([
      a.editor.save(
        { entityRef: NGINX, policy: split(80, 20), baseVersion: base },
        guest,
      ),
      b.editor.save(
        { entityRef: NGINX, policy: split(50, 50), baseVersion: base },
        guest,
      ),
    ]);

    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter(r => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<any>).value;
    const error = (lost[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(TrafficConflictError);
    expect(error.current.desired).toEqual(winner.state.desired);
    expect(error.current.version).toBe(winner.state.version);

    // The winning change is in Git, exactly once; the loser committed nothing.
    const commits = await env.log();
    expect(commits).toHaveLength(commitsBefore.length + 1);
    expect(commits[0].startsWith(winner.commit)).toBe(true);
    expect((await stateOf(a)).desired).toEqual(winner.state.desired);
    const loserEvents = [...a.events, ...b.events].filter(
      e => e.fail.mock.calls.length,
    );
    expect(loserEvents).toHaveLength(1);
    expect(loserEvents[0].fail.mock.calls[0][0].meta.outcome).toBe('conflict');
  });

  it('serializes concurrent saves of one replica: the second one is a conflict', async () => {
    const services = trafficServices(env);
    const base = (await stateOf(services)).version;
    const [first, second] = await Promise.allSettled([
      services.editor.save(
        { entityRef: NGINX, policy: split(80, 20), baseVersion: base },
        guest,
      ),
      services.editor.save(
        { entityRef: NGINX, policy: split(50, 50), baseVersion: base },
        guest,
      ),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect((second as PromiseRejectedResult).reason.current.desired).toEqual(
      split(80, 20),
    );
  });

  it('rebuilds the commit on a branch that moved for another file, keeping the other commit', async () => {
    const racing = new RacingGitCli({ timeoutMs: 30_000 });
    const services = trafficServices(env, { git: racing });
    const base = (await stateOf(services)).version;
    let otherCommit = '';
    racing.beforeFirstPush = async () => {
      otherCommit = await env.commitAsOther(
        { 'services/nginx-ab/NOTES.md': 'unrelated\n' },
        'Unrelated change',
      );
    };

    const result = await services.editor.save(
      { entityRef: NGINX, policy: split(90, 10), baseVersion: base },
      guest,
    );

    expect(result.outcome).toBe('committed');
    expect(await git(['rev-parse', `${result.commit}^`], env.repoPath)).toBe(
      otherCommit,
    );
    expect((await env.log())[0].startsWith(result.commit!)).toBe(true);
    expect(await env.show('services/nginx-ab/NOTES.md')).toBe('unrelated');
    expect(result.state.desired).toEqual(split(90, 10));
  });

  it('answers 409 when the branch moved with a change to the same file between read and push', async () => {
    const racing = new RacingGitCli({ timeoutMs: 30_000 });
    const services = trafficServices(env, { git: racing });
    const base = (await stateOf(services)).version;
    const original = await env.show(ISTIO_FILE);
    racing.beforeFirstPush = () =>
      env.commitAsOther(
        {
          [ISTIO_FILE]: `${original
            .replace('weight: 100', 'weight: 70')
            .replace('weight: 0', 'weight: 30')}\n`,
        },
        'Someone else shifts traffic',
      );

    const error = await services.editor
      .save(
        { entityRef: NGINX, policy: split(90, 10), baseVersion: base },
        guest,
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(TrafficConflictError);
    expect(error.current.desired).toEqual(split(70, 30));
    expect((await env.log())[0]).toMatch(/ Someone else shifts traffic$/);
  });

  it('pushes a review branch in branch publish mode and leaves main alone', async () => {
    const services = trafficServices(env, {
      settings: { gitops: { ...env.settings.gitops, publishMode: 'branch' } },
    });
    const before = await stateOf(services);
    const main = await env.log();

    const result = await services.editor.save(
      { entityRef: NGINX, policy: split(80, 20), baseVersion: before.version },
      guest,
    );

    expect(result).toMatchObject({ outcome: 'branch-pushed', mode: 'git' });
    expect(result.branch).toMatch(/^traffic\/nginx-ab-[0-9a-f]{10}$/);
    expect(await env.log()).toEqual(main);
    expect(await env.show(ISTIO_FILE, result.branch)).toContain('weight: 80');
    expect(result.state.desired).toEqual(split(100, 0));

    const again = await services.editor.save(
      { entityRef: NGINX, policy: split(80, 20), baseVersion: before.version },
      guest,
    );
    expect(again).toMatchObject({
      branch: result.branch,
      commit: result.commit,
    });
  });

  it('refuses an Application that syncs from a repository the portal does not write to', async () => {
    const services = trafficServices(env);
    await expect(stateOf(services, 'component:default/driver')).rejects.toThrow(
      `Argo CD Application driver (named by the Argo CD tracking of VirtualService driver/driver) syncs from another repository; the traffic editor writes only to the GitOps repository of opsPortal.gitops.repoUrl, branch main`,
    );
    await expect(
      stateOf(services, 'component:default/driver'),
    ).rejects.not.toThrow(/https?:\/\//);
  });

  describe('when Argo CD refuses the sync request', () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
    afterAll(() => server.close());

    it('keeps the commit and reports the failed sync as a warning', async () => {
      server.use(
        http.post(
          `${env.sandbox.urls.argocd}/api/v1/applications/:name/sync`,
          () =>
            HttpResponse.json(
              {
                error: 'another operation is already in progress',
                code: 9,
                message: 'another operation is already in progress',
              },
              { status: 400 },
            ),
        ),
      );
      const services = trafficServices(env);
      const before = await stateOf(services);

      const result = await services.editor.save(
        {
          entityRef: NGINX,
          policy: split(80, 20),
          baseVersion: before.version,
        },
        guest,
      );

      expect(result.outcome).toBe('committed');
      expect(result.warnings).toEqual([
        `The commit is pushed, but asking Argo CD to sync Application nginx-ab failed: Argo CD 'sandbox' is already running an operation on Application 'nginx-ab'; Argo CD applies it at its next poll`,
      ]);
      expect(result.state).toMatchObject({
        desired: split(80, 20),
        live: split(100, 0),
        sync: 'pending',
      });
      expect(JSON.stringify(result)).not.toContain('traffic-test-argo-token');
    });
  });
});
