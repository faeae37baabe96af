import { applyKongWarnings, NO_PROMETHEUS_WARNING } from './warnings';
import { KongPluginSummary } from './types';

function plugin(
  overrides: Partial<KongPluginSummary> & Pick<KongPluginSummary, 'plugin'>,
): KongPluginSummary {
  return {
    name: overrides.plugin,
    scope: 'route',
    appliesTo: ['r1'],
    enabled: true,
    settings: {},
    warnings: [],
    ...overrides,
  };
}

const allFlags = {
  status_code_metrics: true,
  latency_metrics: true,
  bandwidth_metrics: true,
  upstream_health_metrics: true,
};
const prometheus = plugin({ plugin: 'prometheus', settings: allFlags });
const oidc = plugin({ plugin: 'oidc' });
const rlHeader = plugin({
  plugin: 'rate-limiting',
  settings: {
    second: 10,
    limit_by: 'header',
    header_name: 'X-Id',
    policy: 'local',
  },
});

describe('applyKongWarnings', () => {
  it.each([
    {
      what: 'no prometheus plugin',
      plugins: [oidc],
      entity: [NO_PROMETHEUS_WARNING],
      perPlugin: [[]],
    },
    {
      what: 'a disabled prometheus plugin',
      plugins: [{ ...prometheus, enabled: false }],
      entity: [NO_PROMETHEUS_WARNING],
      perPlugin: [[]],
    },
    {
      what: 'prometheus with every flag on',
      plugins: [prometheus],
      entity: [],
      perPlugin: [[]],
    },
    {
      what: 'prometheus with two flags off',
      plugins: [
        plugin({
          plugin: 'prometheus',
          settings: {
            ...allFlags,
            latency_metrics: false,
            bandwidth_metrics: false,
          },
        }),
      ],
      entity: [],
      perPlugin: [
        [
          'latency_metrics is off: kong_request_latency_ms, kong_upstream_latency_ms and kong_kong_latency_ms (latency histograms) will be missing',
          'bandwidth_metrics is off: kong_bandwidth_bytes (ingress and egress bytes) will be missing',
        ],
      ],
    },
    {
      what: 'limit by header with an auth plugin on the same route',
      plugins: [prometheus, oidc, rlHeader],
      entity: [],
      perPlugin: [[], [], []],
    },
    {
      what: 'limit by header with an auth plugin on another route',
      plugins: [prometheus, { ...oidc, appliesTo: ['r2'] }, rlHeader],
      entity: [],
      perPlugin: [
        [],
        [],
        [
          'limit_by header X-Id without an auth plugin: the header is client-controlled, so a client can pick a fresh limit for every request',
        ],
      ],
    },
    {
      what: 'limit by header with a global auth plugin',
      plugins: [
        prometheus,
        { ...oidc, scope: 'global' as const, appliesTo: ['r2'] },
        rlHeader,
      ],
      entity: [],
      perPlugin: [[], [], []],
    },
    {
      what: 'limit by ip without auth',
      plugins: [
        prometheus,
        { ...rlHeader, settings: { limit_by: 'ip', policy: 'redis' } },
      ],
      entity: [],
      perPlugin: [[], []],
    },
  ])('$what', ({ plugins, entity, perPlugin }) => {
    const result = applyKongWarnings(plugins);
    expect(result.warnings).toEqual(entity);
    expect(result.plugins.map(p => p.warnings)).toEqual(perPlugin);
  });

  it.each([
    { replicas: undefined, warned: false },
    { replicas: 1, warned: false },
    { replicas: 3, warned: true },
  ])('local policy with $replicas Kong replicas', ({ replicas, warned }) => {
    const rl = { ...rlHeader, settings: { limit_by: 'ip', policy: 'local' } };
    const [result] = applyKongWarnings([rl], {
      kongReplicas: replicas,
    }).plugins;
    expect(result.warnings).toEqual(
      warned
        ? [
            'policy local with 3 Kong replicas: limits are counted per Kong node, so a client may get up to 3× the limit',
          ]
        : [],
    );
  });

  it('keeps warnings the source already found', () => {
    const [result] = applyKongWarnings([
      { ...oidc, warnings: ['secret from Secret x'] },
    ]).plugins;
    expect(result.warnings).toEqual(['secret from Secret x']);
  });
});
