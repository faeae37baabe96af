import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';
import { TrafficPolicy, TrafficState } from '@internal/plugin-traffic-common';
import { TrafficConflictError } from '../errors';
import {
  DEMO_OWNER,
  startTrafficSandbox,
  TrafficSandbox,
} from '../__testUtils__/trafficSandbox';
import { guest, trafficServices } from '../__testUtils__/trafficServices';
import { ClusterTrafficWriter } from './ClusterTrafficWriter';
import { isTrafficNotConfigured } from './types';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const ECHO = 'component:default/echo';
const ISTIO = 'networking.istio.io/v1';

const split = (v1: number, v2: number): TrafficPolicy => ({
  weights: [
    { subset: 'v1', weight: v1 },
    { subset: 'v2', weight: v2 },
  ],
  resilience: {},
});

function pod(name: string, version: string, ready: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'echo',
      labels: { app: 'echo', version },
    },
    spec: { containers: [{ name: 'echo', image: 'echo:1' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

/** echo: Istio objects written by hand (no Argo CD tracking), entity without argocd/app-name. */
function createEcho(env: TrafficSandbox) {
  const { store } = env.sandbox;
  store.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'echo',
      annotations: { [NAMESPACE_OWNER_ANNOTATION]: DEMO_OWNER },
    },
  });
  store.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: { selector: { app: 'echo' }, ports: [{ port: 80 }] },
  });
  store.create(pod('echo-v1-a', 'v1', true));
  store.create(pod('echo-v2-a', 'v2', true));
  store.create(pod('echo-v3-a', 'v3', false));
  store.create({
    apiVersion: ISTIO,
    kind: 'DestinationRule',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: {
      host: 'echo.echo.svc.cluster.local',
      subsets: ['v1', 'v2', 'v3'].map(v => ({
        name: v,
        labels: { version: v },
      })),
    },
  });
  store.create({
    apiVersion: ISTIO,
    kind: 'VirtualService',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: {
      hosts: ['echo'],
      http: [
        {
          route: [
            { destination: { host: 'echo', subset: 'v1' }, weight: 100 },
            { destination: { host: 'echo', subset: 'v2' }, weight: 0 },
          ],
        },
      ],
    },
  });
}

function liveObject(
  env: TrafficSandbox,
  kind: 'VirtualService' | 'DestinationRule',
) {
  const { store } = env.sandbox;
  return store.get(store.typeFor(ISTIO, kind)!, 'echo', 'echo')!;
}

async function stateOf(
  services: ReturnType<typeof trafficServices>,
): Promise<TrafficState> {
  const target = await services.targets.resolve(ECHO, guest.credentials);
  if (isTrafficNotConfigured(target)) throw new Error('not configured');
  const snapshot = await services.reader.read(target);
  if (isTrafficNotConfigured(snapshot)) throw new Error('not configured');
  return snapshot.state;
}

describe('traffic edits of an entity that is not Git-managed (sandbox cluster)', () => {
  let env: TrafficSandbox;

  beforeEach(async () => {
    env = await startTrafficSandbox();
    createEcho(env);
  });

  afterEach(async () => {
    await env.stop();
  });

  it('reads the live objects as the desired state, versioned by their resourceVersions', async () => {
    const state = await stateOf(trafficServices(env));
    const vs = liveObject(env, 'VirtualService');
    const dr = liveObject(env, 'DestinationRule');
    expect(state).toMatchObject({
      management: { mode: 'direct' },
      live: split(100, 0),
      desired: split(100, 0),
      sync: 'synced',
      host: 'echo.echo.svc.cluster.local',
      version: `direct:${vs.metadata.resourceVersion}.${dr.metadata.resourceVersion}`,
      subsets: [
        { name: 'v1', readyPods: 1, totalPods: 1 },
        { name: 'v2', readyPods: 1, totalPods: 1 },
        { name: 'v3', readyPods: 0, totalPods: 1 },
      ],
    });
  });

  it('writes only the VirtualService, with the base resourceVersion, and audits the new versions', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const drVersion = liveObject(env, 'DestinationRule').metadata
      .resourceVersion;
    const commits = await env.log();

    const result = await services.editor.save(
      { entityRef: ECHO, policy: split(80, 20), baseVersion: before.version },
      guest,
    );

    expect(result).toMatchObject({
      outcome: 'written',
      mode: 'direct',
      warnings: [],
    });
    const vs = liveObject(env, 'VirtualService');
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([80, 20]);
    expect(liveObject(env, 'DestinationRule').metadata.resourceVersion).toBe(
      drVersion,
    );
    expect(result.state).toMatchObject({
      live: split(80, 20),
      desired: split(80, 20),
    });
    expect(result.state.version).toBe(
      `direct:${vs.metadata.resourceVersion}.${drVersion}`,
    );
    expect(await env.log()).toEqual(commits);
    expect(services.events[0].success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        mode: 'direct',
        outcome: 'written',
        resourceVersions: { VirtualService: vs.metadata.resourceVersion },
        before: split(100, 0),
        after: split(80, 20),
      }),
    });
  });

  it('reads the state once before the write and once after it, for the answer', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const reads = jest.spyOn(services.reader, 'read');
    const writes = jest.spyOn(ClusterTrafficWriter.prototype, 'write');
    try {
      const result = await services.editor.save(
        { entityRef: ECHO, policy: split(70, 30), baseVersion: before.version },
        guest,
      );
      expect(result.outcome).toBe('written');
      expect(writes).toHaveBeenCalledTimes(1);
      const [written] = writes.mock.invocationCallOrder;
      const order = reads.mock.invocationCallOrder;
      expect(order.filter(read => read < written)).toHaveLength(1);
      expect(order.filter(read => read > written)).toHaveLength(1);
      expect(writes.mock.calls[0][0].state.version).toBe(before.version);
    } finally {
      reads.mockRestore();
      writes.mockRestore();
    }
  });

  it('answers a stale base with 409 and the current state, overwriting nothing', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const { store } = env.sandbox;
    const theirs = liveObject(env, 'VirtualService');
    theirs.spec.http[0].route[0].weight = 60;
    theirs.spec.http[0].route[1].weight = 40;
    store.update(theirs);

    const error = await services.editor
      .save(
        { entityRef: ECHO, policy: split(80, 20), baseVersion: before.version },
        guest,
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(TrafficConflictError);
    expect(error.current.live).toEqual(split(60, 40));
    expect(
      liveObject(env, 'VirtualService').spec.http[0].route.map(
        (r: any) => r.weight,
      ),
    ).toEqual([60, 40]);
    expect(services.events[0].fail).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: expect.objectContaining({ outcome: 'conflict' }),
      }),
    );
  });

  it('turns a 409 of the API server during the write into a conflict and puts back what it wrote', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const { store } = env.sandbox;
    const originalDr = liveObject(env, 'DestinationRule').spec;
    // Another writer changes the VirtualService right after our DestinationRule write.
    const unwatch = store.watch(event => {
      if (
        event.object.kind === 'DestinationRule' &&
        event.type === 'MODIFIED'
      ) {
        unwatch();
        const theirs = liveObject(env, 'VirtualService');
        theirs.spec.http[0].timeout = '3s';
        store.update(theirs);
      }
    });

    const error = await services.editor
      .save(
        {
          entityRef: ECHO,
          policy: {
            ...split(80, 20),
            resilience: { outlierDetection: { consecutive5xxErrors: 5 } },
          },
          baseVersion: before.version,
        },
        guest,
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(TrafficConflictError);
    expect(error.current.live).toEqual({
      weights: split(100, 0).weights,
      resilience: { timeout: '3s' },
    });
    expect(liveObject(env, 'DestinationRule').spec).toEqual(originalDr);
  });

  it('refuses weight on a subset without ready pods unless forced, and a subset that does not exist', async () => {
    const services = trafficServices(env);
    const { version } = await stateOf(services);
    const toV3 = {
      weights: [
        { subset: 'v1', weight: 90 },
        { subset: 'v3', weight: 10 },
      ],
      resilience: {},
    };
    await expect(
      services.editor.save(
        { entityRef: ECHO, policy: toV3, baseVersion: version },
        guest,
      ),
    ).rejects.toThrow(
      'subset v3 has no ready pods; moving 10% of the traffic there needs force',
    );
    await expect(
      services.editor.save(
        {
          entityRef: ECHO,
          policy: { weights: [{ subset: 'v9', weight: 100 }], resilience: {} },
          baseVersion: version,
          force: true,
        },
        guest,
      ),
    ).rejects.toThrow(
      'subset v9 is not defined in the DestinationRule (known: v1, v2, v3)',
    );

    const forced = await services.editor.save(
      { entityRef: ECHO, policy: toV3, baseVersion: version, force: true },
      guest,
    );
    expect(forced.state.live.weights).toEqual(toV3.weights);
    expect(services.events.at(-1)!.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ force: true, forcedSubsets: ['v3'] }),
    });
  });

  it('previews the spec change of each object it would write, writing nothing', async () => {
    const services = trafficServices(env);
    const before = await stateOf(services);
    const preview = await services.editor.preview(
      {
        entityRef: ECHO,
        policy: {
          ...split(50, 50),
          resilience: { consistentHashHeader: 'x-user' },
        },
        baseVersion: before.version,
      },
      guest,
    );
    expect(preview.mode).toBe('direct');
    expect(preview.change).toEqual({ weights: true, resilience: true });
    expect(preview.files.map(f => f.path)).toEqual([
      'DestinationRule/echo',
      'VirtualService/echo',
    ]);
    expect(preview.files[0].after).toContain('httpHeaderName: x-user');
    expect(preview.files[1].before).toContain('weight: 100');
    expect(preview.files[1].after).toContain('weight: 50');
    expect((await stateOf(services)).version).toBe(before.version);
    expect(services.events).toHaveLength(0);
  });
});
