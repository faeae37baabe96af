import { hpaHistoryQuery, hpaSeriesKey } from './hpa';
import { istioVersionPanelQueries, observedSplitQuery } from './istio';
import { kongRoutePanelQueries, kongServicePattern } from './kong';

const KIC =
  'service=~"default\\\\.driver\\\\.(?:pnum-[0-9]+|pname-[a-z0-9-]+|[0-9]+)"';

describe('kongServicePattern', () => {
  it.each([
    [
      'KIC default',
      { namespace: 'default', kubernetesId: 'driver' },
      'default\\.driver\\.(?:pnum-[0-9]+|pname-[a-z0-9-]+|[0-9]+)',
    ],
    [
      'empty list falls back',
      { namespace: 'ns', kubernetesId: 'a', serviceNames: [] },
      'ns\\.a\\.(?:pnum-[0-9]+|pname-[a-z0-9-]+|[0-9]+)',
    ],
    [
      'listed names',
      {
        namespace: 'ns',
        kubernetesId: 'a',
        serviceNames: ['ns.a.pnum-80', 'legacy'],
      },
      'ns\\.a\\.pnum-80|legacy',
    ],
    [
      'regex in a name is literal',
      { namespace: 'ns', kubernetesId: 'a', serviceNames: ['.*'] },
      '\\.\\*',
    ],
  ])('%s', (_name, target, expected) => {
    expect(kongServicePattern(target)).toBe(expected);
  });
});

describe('kongRoutePanelQueries', () => {
  const panels = kongRoutePanelQueries(
    { namespace: 'default', kubernetesId: 'driver' },
    '1m',
  );
  const byId = Object.fromEntries(panels.map(p => [p.id, p]));

  it('has one query per panel, in order', () => {
    expect(panels.map(p => [p.id, p.unit])).toEqual([
      ['requests', 'req/s'],
      ['errors', 'ratio'],
      ['latency-p50', 'ms'],
      ['latency-p95', 'ms'],
      ['latency-p99', 'ms'],
      ['latency-kong-p95', 'ms'],
      ['latency-upstream-p95', 'ms'],
    ]);
  });

  it.each([
    ['requests', `sum by (route) (rate(kong_http_requests_total{${KIC}}[1m]))`],
    [
      'errors',
      `(sum by (route) (rate(kong_http_requests_total{${KIC},code=~"5.."}[1m])) or sum by (route) (rate(kong_http_requests_total{${KIC}}[1m])) * 0) / sum by (route) (rate(kong_http_requests_total{${KIC}}[1m]))`,
    ],
    [
      'latency-p50',
      `histogram_quantile(0.5, sum by (route, le) (rate(kong_request_latency_ms_bucket{${KIC}}[1m])))`,
    ],
    [
      'latency-p95',
      `histogram_quantile(0.95, sum by (route, le) (rate(kong_request_latency_ms_bucket{${KIC}}[1m])))`,
    ],
    [
      'latency-p99',
      `histogram_quantile(0.99, sum by (route, le) (rate(kong_request_latency_ms_bucket{${KIC}}[1m])))`,
    ],
    [
      'latency-kong-p95',
      `histogram_quantile(0.95, sum by (route, le) (rate(kong_kong_latency_ms_bucket{${KIC}}[1m])))`,
    ],
    [
      'latency-upstream-p95',
      `histogram_quantile(0.95, sum by (route, le) (rate(kong_upstream_latency_ms_bucket{${KIC}}[1m])))`,
    ],
  ])('%s', (id, query) => {
    expect(byId[id].query).toBe(query);
  });

  it('escapes an injection attempt from the annotation in every query', () => {
    const attack = 'driver"} or vector(1) or {x="';
    for (const panel of kongRoutePanelQueries(
      { namespace: 'default', kubernetesId: 'driver', serviceNames: [attack] },
      '1m',
    )) {
      // Regex-escaped for RE2 first, then string-escaped: a literal, not a new selector.
      expect(panel.query).toContain(
        'service=~"driver\\"\\\\} or vector\\\\(1\\\\) or \\\\{x=\\""',
      );
      expect(panel.query).not.toContain('{x="}');
    }
  });
});

describe('istioVersionPanelQueries', () => {
  const sel =
    'reporter="destination",destination_service_name="driver",destination_service_namespace="default"';
  const panels = istioVersionPanelQueries(
    { namespace: 'default', service: 'driver' },
    '2m',
  );

  it.each([
    [
      'requests',
      'req/s',
      `sum by (destination_version) (rate(istio_requests_total{${sel}}[2m]))`,
    ],
    [
      'errors',
      'ratio',
      `(sum by (destination_version) (rate(istio_requests_total{${sel},response_code=~"5.."}[2m])) or sum by (destination_version) (rate(istio_requests_total{${sel}}[2m])) * 0) / sum by (destination_version) (rate(istio_requests_total{${sel}}[2m]))`,
    ],
    [
      'latency-p95',
      'ms',
      `histogram_quantile(0.95, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[2m])))`,
    ],
  ])('%s', (id, unit, query) => {
    expect(panels.find(p => p.id === id)).toMatchObject({ unit, query });
  });

  it('observed split over 5 minutes', () => {
    expect(
      observedSplitQuery({ namespace: 'default', service: 'driver' }),
    ).toBe(
      `sum by (destination_version) (rate(istio_requests_total{${sel}}[5m]))`,
    );
  });

  it('escapes namespace and service values', () => {
    const [requests] = istioVersionPanelQueries(
      { namespace: 'a\nb', service: 'x\\"y' },
      '1m',
    );
    expect(requests.query).toContain(
      'destination_service_name="x\\\\\\"y",destination_service_namespace="a\\nb"',
    );
  });
});

describe('hpaHistoryQuery', () => {
  it('reads the four kube-state-metrics series in one query', () => {
    expect(hpaHistoryQuery({ namespace: 'default', name: 'driver' })).toBe(
      'max by (__name__) ({__name__=~"kube_horizontalpodautoscaler_status_current_replicas|kube_horizontalpodautoscaler_status_desired_replicas|kube_horizontalpodautoscaler_spec_min_replicas|kube_horizontalpodautoscaler_spec_max_replicas",namespace="default",horizontalpodautoscaler="driver"})',
    );
  });

  it.each([
    ['kube_horizontalpodautoscaler_status_current_replicas', 'current'],
    ['kube_horizontalpodautoscaler_status_desired_replicas', 'desired'],
    ['kube_horizontalpodautoscaler_spec_min_replicas', 'min'],
    ['kube_horizontalpodautoscaler_spec_max_replicas', 'max'],
    ['up', undefined],
  ])('%s → %s', (name, key) => {
    expect(hpaSeriesKey(name)).toBe(key);
  });
});
