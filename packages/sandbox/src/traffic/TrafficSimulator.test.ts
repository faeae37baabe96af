import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { seededCluster, setWeights } from './__testUtils__/seededCluster';
import { sumWhere, versionShares } from './__testUtils__/sampleSums';
import {
  TRAFFIC_DEFAULTS,
  TrafficSettings,
  TrafficSimulator,
} from './TrafficSimulator';

const NGINX = 'nginx-ab.nginx-ab.pnum-80';

function simulator(
  store: MemoryClusterStore,
  settings: Partial<TrafficSettings> = {},
) {
  let now = 0;
  const sim = new TrafficSimulator({
    store,
    settings: {
      ...TRAFFIC_DEFAULTS,
      requestsPerSecondPerReplica: 500,
      ...settings,
    },
    now: () => now,
  });
  return {
    sim,
    /** Advances the injected clock and ticks. */
    run(seconds: number) {
      now += seconds * 1000;
      sim.tick();
      return sim.families();
    },
  };
}

describe('TrafficSimulator', () => {
  it.each([
    [[100, 0], { v1: 1, v2: 0 }],
    [[50, 50], { v1: 0.5, v2: 0.5 }],
    [[20, 80], { v1: 0.2, v2: 0.8 }],
    [[0, 100], { v1: 0, v2: 1 }],
  ])(
    'splits nginx-ab by the VirtualService weights %j',
    (weights, expected) => {
      const store = seededCluster('nginx-ab');
      setWeights(store, 'nginx-ab', 'nginx-ab', weights);
      const { run } = simulator(store);
      const shares = versionShares(run(10), 'nginx-ab', ['v1', 'v2']);
      expect(shares.v1).toBeCloseTo(expected.v1, 1);
      expect(shares.v2).toBeCloseTo(expected.v2, 1);
    },
  );

  it('follows a changed VirtualService on the next tick, keeping counters monotonic', () => {
    const store = seededCluster('nginx-ab');
    const { run } = simulator(store);
    const before = run(10);
    const v1Before = sumWhere(before, 'istio_requests_total', {
      reporter: 'destination',
      destination_version: 'v1',
    });
    expect(
      sumWhere(before, 'istio_requests_total', { destination_version: 'v2' }),
    ).toBe(0);

    setWeights(store, 'nginx-ab', 'nginx-ab', [0, 100]);
    const after = run(10);
    const v1After = sumWhere(after, 'istio_requests_total', {
      reporter: 'destination',
      destination_version: 'v1',
    });
    expect(v1After).toBe(v1Before);
    expect(
      sumWhere(after, 'istio_requests_total', {
        reporter: 'destination',
        destination_version: 'v2',
      }),
    ).toBeGreaterThan(9000);
  });

  it('answers a fault abort share with its status, seen by Kong and the caller proxy only', () => {
    const store = seededCluster('nginx-ab');
    setWeights(store, 'nginx-ab', 'nginx-ab', [50, 50], {
      abort: { httpStatus: 503, percentage: { value: 30 } },
    });
    const families = simulator(store, { baseErrorRate: 0 }).run(10);
    const total = sumWhere(families, 'kong_http_requests_total', {
      service: NGINX,
    });
    const aborted = sumWhere(families, 'kong_http_requests_total', {
      service: NGINX,
      code: '503',
    });
    expect(aborted / total).toBeCloseTo(0.3, 1);
    expect(
      sumWhere(families, 'istio_requests_total', {
        reporter: 'source',
        response_flags: 'FI',
        response_code: '503',
        destination_workload: 'unknown',
      }),
    ).toBe(aborted);
    expect(
      sumWhere(families, 'istio_requests_total', {
        reporter: 'destination',
        response_code: '503',
      }),
    ).toBe(0);
  });

  it("gives a version the health its pod template's behaviour annotation asks for", () => {
    const store = seededCluster('nginx-ab');
    setWeights(store, 'nginx-ab', 'nginx-ab', [50, 50]);
    const deployments = store.typeFor('apps/v1', 'Deployment')!;
    const v2 = store.get(deployments, 'nginx-ab', 'nginx-v2')!;
    const template = v2.spec.template;
    store.update({
      ...v2,
      spec: {
        ...v2.spec,
        template: {
          ...template,
          metadata: {
            ...template.metadata,
            annotations: {
              'sandbox.ops-portal/behaviour':
                'error-rate=0.08, median-latency-ms=400',
            },
          },
        },
      },
    });
    const families = simulator(store, { baseErrorRate: 0 }).run(20);
    const at = (version: string, labels: Record<string, string> = {}) =>
      sumWhere(families, 'istio_requests_total', {
        reporter: 'destination',
        destination_version: version,
        ...labels,
      });
    const errors = (version: string) =>
      at(version, { response_code: '500' }) +
      at(version, { response_code: '503' });
    expect(errors('v2') / at('v2')).toBeCloseTo(0.08, 1);
    expect(errors('v1')).toBe(0);
    const over500 = (version: string) => {
      const where = { reporter: 'destination', destination_version: version };
      const count = sumWhere(
        families,
        'istio_request_duration_milliseconds_count',
        where,
      );
      const under = sumWhere(
        families,
        'istio_request_duration_milliseconds_bucket',
        { ...where, le: '500' },
      );
      return (count - under) / count;
    };
    // log-normal, median 400 ms, σ 0.35: about a quarter of the requests above 500 ms.
    expect(over500('v2')).toBeGreaterThan(0.15);
    expect(over500('v1')).toBe(0);
  });

  it('reports an unreadable behaviour annotation once and ignores it', () => {
    const store = seededCluster('nginx-ab');
    const deployments = store.typeFor('apps/v1', 'Deployment')!;
    const v1 = store.get(deployments, 'nginx-ab', 'nginx-v1')!;
    store.update({
      ...v1,
      spec: {
        ...v1.spec,
        template: {
          ...v1.spec.template,
          metadata: {
            ...v1.spec.template.metadata,
            annotations: { 'sandbox.ops-portal/behaviour': 'errors=lots' },
          },
        },
      },
    });
    const messages: string[] = [];
    let now = 0;
    const sim = new TrafficSimulator({
      store,
      settings: { ...TRAFFIC_DEFAULTS, baseErrorRate: 0 },
      now: () => now,
      onBehaviourError: message => messages.push(message),
    });
    for (let i = 0; i < 3; i++) {
      now += 1000;
      sim.tick();
    }
    expect(messages).toEqual([
      'Deployment nginx-ab/nginx-v1: sandbox.ops-portal/behaviour ignored: "errors=lots" is not key=number',
    ]);
  });

  it('adds a fault delay to the share it covers', () => {
    const store = seededCluster('nginx-ab');
    setWeights(store, 'nginx-ab', 'nginx-ab', [100, 0], {
      delay: { fixedDelay: '2s', percentage: { value: 25 } },
    });
    const families = simulator(store, { baseErrorRate: 0 }).run(10);
    const count = sumWhere(families, 'kong_upstream_latency_ms_count', {
      service: NGINX,
    });
    const slow =
      count -
      sumWhere(families, 'kong_upstream_latency_ms_bucket', {
        service: NGINX,
        le: '1000',
      });
    expect(slow / count).toBeCloseTo(0.25, 1);
    const delayed = sumWhere(families, 'istio_requests_total', {
      reporter: 'source',
      response_flags: 'DI',
    });
    expect(delayed).toBe(slow);
  });

  it.each([
    ['status_code_metrics', 'kong_http_requests_total'],
    ['latency_metrics', 'kong_request_latency_ms_count'],
    ['latency_metrics', 'kong_kong_latency_ms_count'],
    ['latency_metrics', 'kong_upstream_latency_ms_count'],
    ['bandwidth_metrics', 'kong_bandwidth_bytes'],
    ['upstream_health_metrics', 'kong_upstream_target_health'],
  ])('emits nothing from %s off (%s), like Kong', (flag, metric) => {
    const store = seededCluster('nginx-ab');
    const type = store.typeFor('configuration.konghq.com/v1', 'KongPlugin')!;
    const plugin = store.get(type, 'nginx-ab', 'prometheus-nginx-ab')!;
    const on = simulator(store).run(1);
    expect(sumWhere(on, metric)).toBeGreaterThan(0);

    store.update({
      ...plugin,
      config: { ...(plugin as any).config, [flag]: false },
    });
    const off = simulator(store).run(1);
    expect(sumWhere(off, metric)).toBe(0);
    expect(sumWhere(off, 'istio_requests_total')).toBeGreaterThan(0);
  });

  it('splits a Service without a VirtualService by ready pods, version from the pod label', () => {
    const families = simulator(seededCluster('giropops-senhas')).run(2);
    expect(
      sumWhere(families, 'istio_requests_total', {
        reporter: 'destination',
        destination_service_name: 'giropops-senhas',
        destination_workload: 'giropops-senhas',
        destination_version: 'v1',
      }),
    ).toBeGreaterThan(0);
    expect(
      sumWhere(families, 'kong_http_requests_total', {
        service: 'giropops.giropops-senhas.pnum-80',
        route: 'giropops.giropops-senhas.00',
      }),
    ).toBeGreaterThan(0);
  });

  it('answers 503 (UH) for a subset without ready pods', () => {
    const store = seededCluster('nginx-ab');
    setWeights(store, 'nginx-ab', 'nginx-ab', [0, 100]);
    const deployments = store.typeFor('apps/v1', 'Deployment')!;
    store.delete(deployments, 'nginx-ab', 'nginx-v2');
    const families = simulator(store).run(1);
    const total = sumWhere(families, 'kong_http_requests_total', {
      service: NGINX,
    });
    expect(
      sumWhere(families, 'kong_http_requests_total', {
        service: NGINX,
        code: '503',
      }),
    ).toBe(total);
    expect(
      sumWhere(families, 'istio_requests_total', { response_flags: 'UH' }),
    ).toBe(total);
  });

  it('names Kong services and routes the KIC 3 way when asked', () => {
    const families = simulator(seededCluster('nginx-ab'), {
      kongNaming: 'kic3',
    }).run(1);
    expect(
      sumWhere(families, 'kong_http_requests_total', {
        service: 'nginx-ab.nginx-ab.80',
        route: 'nginx-ab.nginx-ab.nginx-ab..80',
      }),
    ).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and a clock', () => {
    const store = seededCluster('nginx-ab', 'driver');
    const text = (seed: number) => {
      const { sim, run } = simulator(store, { seed });
      run(3);
      run(2);
      return sim.metricsText();
    };
    expect(text(42)).toBe(text(42));
    expect(text(42)).not.toBe(text(43));
  });
});
