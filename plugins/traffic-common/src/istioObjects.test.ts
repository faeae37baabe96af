import {
  applyTrafficPolicy,
  destinationRuleSubsets,
  editableRouteIndex,
  readTrafficPolicy,
} from './istioObjects';

const destinationRule = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'nginx-ab' },
  spec: {
    host: 'nginx-ab',
    trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 } } },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};

const virtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'nginx-ab' },
  spec: {
    hosts: ['nginx-ab'],
    http: [
      {
        name: 'beta-testers',
        match: [{ headers: { 'x-beta': { exact: 'true' } } }],
        route: [{ destination: { host: 'nginx-ab', subset: 'v2' } }],
      },
      {
        name: 'default',
        route: [
          {
            destination: {
              host: 'nginx-ab',
              subset: 'v1',
              port: { number: 80 },
            },
            weight: 100,
          },
          {
            destination: {
              host: 'nginx-ab',
              subset: 'v2',
              port: { number: 80 },
            },
            weight: 0,
          },
        ],
        retries: { attempts: 2 },
      },
    ],
  },
};

describe('editableRouteIndex', () => {
  it.each([
    ['the default route over a matched one', virtualService, 'nginx-ab', 1],
    [
      'a host given as FQDN',
      virtualService,
      'nginx-ab.nginx-ab.svc.cluster.local',
      1,
    ],
    [
      'a matched route when no default exists',
      { spec: { http: [virtualService.spec.http[0]] } },
      'nginx-ab',
      0,
    ],
    ['no route to the host', virtualService, 'other', undefined],
    ['no http section', { spec: { tcp: [] } }, 'nginx-ab', undefined],
  ])('%s', (_name, vs, host, expected) => {
    expect(editableRouteIndex(vs, host)).toBe(expected);
  });
});

describe('destinationRuleSubsets', () => {
  it('lists subsets with labels and ignores malformed entries', () => {
    expect(
      destinationRuleSubsets({
        spec: {
          subsets: [...destinationRule.spec.subsets, 'junk', { labels: {} }],
        },
      }),
    ).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ]);
    expect(destinationRuleSubsets({})).toEqual([]);
  });
});

describe('readTrafficPolicy', () => {
  it('reads the default route weights and resilience settings', () => {
    expect(readTrafficPolicy(virtualService, destinationRule)).toEqual({
      weights: [
        { subset: 'v1', weight: 100 },
        { subset: 'v2', weight: 0 },
      ],
      resilience: { retries: { attempts: 2 } },
    });
  });

  it('gives a single destination without weight all traffic, and reads every Istio field', () => {
    const vs = {
      metadata: { name: 'svc' },
      spec: {
        http: [
          {
            route: [{ destination: { host: 'svc', subset: 'v1' } }],
            fault: {
              delay: { fixedDelay: '2s', percentage: { value: 10 } },
              abort: { httpStatus: 503 },
            },
            retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx' },
            timeout: '5s',
          },
        ],
      },
    };
    const dr = {
      spec: {
        host: 'svc',
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '10s',
            unknown: true,
          },
          loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } },
        },
      },
    };
    expect(readTrafficPolicy(vs, dr)).toEqual({
      weights: [{ subset: 'v1', weight: 100 }],
      resilience: {
        fault: {
          delay: { fixedDelay: '2s', percentage: 10 },
          abort: { httpStatus: 503, percentage: 100 },
        },
        retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx' },
        timeout: '5s',
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
        consistentHashHeader: 'x-user',
      },
    });
  });

  it('names the VirtualService when it has no route to the host', () => {
    expect(() =>
      readTrafficPolicy(virtualService, { spec: { host: 'other' } }),
    ).toThrow('VirtualService nginx-ab has no HTTP route to host other');
  });
});

describe('applyTrafficPolicy', () => {
  it('changes only the default route weights and keeps everything else', () => {
    const { virtualService: vs, destinationRule: dr } = applyTrafficPolicy(
      virtualService,
      destinationRule,
      {
        weights: [
          { subset: 'v1', weight: 80 },
          { subset: 'v2', weight: 20 },
        ],
        resilience: { retries: { attempts: 2 } },
      },
    );
    expect(vs.spec!.http[0]).toEqual(virtualService.spec.http[0]);
    expect(vs.spec!.http[1].route).toEqual([
      {
        destination: { host: 'nginx-ab', subset: 'v1', port: { number: 80 } },
        weight: 80,
      },
      {
        destination: { host: 'nginx-ab', subset: 'v2', port: { number: 80 } },
        weight: 20,
      },
    ]);
    expect(vs.spec!.http[1].name).toBe('default');
    expect(dr).toEqual(destinationRule);
    // The inputs are not mutated.
    expect(
      (virtualService.spec.http[1].route[0] as { weight?: number }).weight,
    ).toBe(100);
  });

  it('writes every resilience field in Istio shape and round-trips through readTrafficPolicy', () => {
    const policy = {
      weights: [
        { subset: 'v2', weight: 50 },
        { subset: 'v1', weight: 50 },
      ],
      resilience: {
        fault: {
          delay: { fixedDelay: '3s', percentage: 25 },
          abort: { httpStatus: 500, percentage: 5 },
        },
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error' },
        timeout: '8s',
        outlierDetection: {
          consecutive5xxErrors: 3,
          baseEjectionTime: '30s',
          maxEjectionPercent: 100,
        },
        consistentHashHeader: 'x-session',
      },
    };
    const applied = applyTrafficPolicy(virtualService, destinationRule, policy);
    const route = applied.virtualService.spec!.http[1];
    expect(route.fault).toEqual({
      delay: { fixedDelay: '3s', percentage: { value: 25 } },
      abort: { httpStatus: 500, percentage: { value: 5 } },
    });
    expect(route.timeout).toBe('8s');
    expect(applied.destinationRule.spec!.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 100 } },
      outlierDetection: {
        consecutive5xxErrors: 3,
        baseEjectionTime: '30s',
        maxEjectionPercent: 100,
      },
      loadBalancer: { consistentHash: { httpHeaderName: 'x-session' } },
    });
    expect(
      readTrafficPolicy(applied.virtualService, applied.destinationRule),
    ).toEqual(policy);
  });

  it('removes settings the policy no longer has, and keeps a simple load balancer', () => {
    const withAll = applyTrafficPolicy(virtualService, destinationRule, {
      weights: [{ subset: 'v1', weight: 100 }],
      resilience: {
        fault: { abort: { httpStatus: 503, percentage: 1 } },
        timeout: '1s',
        consistentHashHeader: 'x',
      },
    });
    const cleared = applyTrafficPolicy(
      withAll.virtualService,
      withAll.destinationRule,
      {
        weights: [{ subset: 'v1', weight: 100 }],
        resilience: {},
      },
    );
    const route = cleared.virtualService.spec!.http[1];
    expect(route).not.toHaveProperty('fault');
    expect(route).not.toHaveProperty('retries');
    expect(route).not.toHaveProperty('timeout');
    expect(cleared.destinationRule.spec!.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 100 } },
    });

    const simple = {
      spec: {
        host: 'nginx-ab',
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      },
    };
    expect(
      applyTrafficPolicy(virtualService, simple, {
        weights: [{ subset: 'v1', weight: 100 }],
        resilience: {},
      }).destinationRule.spec!.trafficPolicy,
    ).toEqual({ loadBalancer: { simple: 'LEAST_REQUEST' } });
  });

  it('adds a destination for a subset the route did not list, on the route host', () => {
    const vs = {
      metadata: { name: 'svc' },
      spec: {
        http: [
          {
            route: [
              {
                destination: { host: 'svc.ns.svc.cluster.local', subset: 'v1' },
              },
            ],
          },
        ],
      },
    };
    const out = applyTrafficPolicy(
      vs,
      { spec: { host: 'svc' } },
      {
        weights: [
          { subset: 'v1', weight: 90 },
          { subset: 'v2', weight: 10 },
        ],
        resilience: {},
      },
    );
    expect(out.virtualService.spec!.http[0].route).toEqual([
      {
        destination: { host: 'svc.ns.svc.cluster.local', subset: 'v1' },
        weight: 90,
      },
      {
        destination: { host: 'svc.ns.svc.cluster.local', subset: 'v2' },
        weight: 10,
      },
    ]);
  });
});
