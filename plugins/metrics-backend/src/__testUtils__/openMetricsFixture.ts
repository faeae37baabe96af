/**
 * Deterministic OpenMetrics data for the real-Prometheus test: one hour at 15 s steps of Kong,
 * Istio and kube-state-metrics series with known slopes, plus look-alike series of other
 * services that the queries must leave out.
 */

/** Last sample; a multiple of 720 s, so every range's step aligns on it. */
export const FIXTURE_END = 1_699_999_920;
/** First sample, one hour earlier. */
export const FIXTURE_START = FIXTURE_END - 3600;
const SCRAPE_SECONDS = 15;

export type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  /** Value at `secondsSinceStart`. */
  value: (secondsSinceStart: number) => number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  series: Array<Series & { sample: string }>;
}

export const counter = (perSecond: number) => (s: number) => perSecond * s;

function labelText(labels: Labels): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** Cumulative bucket counters: `perSecond[le]` requests per second at or below `le`. */
export function histogram(
  name: string,
  labels: Labels,
  perSecond: Array<[string, number]>,
) {
  const series: Array<Series & { sample: string }> = perSecond.map(
    ([le, rate]) => ({
      sample: `${name}_bucket`,
      labels: { ...labels, le },
      value: counter(rate),
    }),
  );
  const total = perSecond[perSecond.length - 1][1];
  series.push({ sample: `${name}_count`, labels, value: counter(total) });
  return series;
}

const DRIVER = 'default.driver.pnum-80';
/** Kong route names of the driver service. */
export const ROUTE_A = 'default.driver-api.driver.80';
export const ROUTE_B = 'default.driver-admin.driver.80';

function kongRequests(): Family {
  const series = [
    [DRIVER, ROUTE_A, '200', 8],
    [DRIVER, ROUTE_A, '503', 2],
    [DRIVER, ROUTE_B, '200', 4],
    // Look-alikes: another service, and a name that only shares a prefix with the KIC pattern.
    ['default.other.pnum-80', 'other-route', '500', 100],
    ['default.driver2.pnum-80', 'driver2-route', '200', 50],
  ] as const;
  return {
    name: 'kong_http_requests',
    type: 'counter',
    series: series.map(([service, route, code, rate]) => ({
      sample: 'kong_http_requests_total',
      labels: {
        service,
        route,
        code,
        source: 'service',
        workspace: 'default',
        consumer: '',
      },
      value: counter(rate),
    })),
  };
}

function kongHistogram(
  name: string,
  a: Array<[string, number]>,
  b: Array<[string, number]>,
): Family {
  return {
    name,
    type: 'histogram',
    series: [
      ...histogram(
        name,
        { service: DRIVER, route: ROUTE_A, workspace: 'default' },
        a,
      ),
      ...histogram(
        name,
        { service: DRIVER, route: ROUTE_B, workspace: 'default' },
        b,
      ),
      ...histogram(
        name,
        {
          service: 'default.other.pnum-80',
          route: 'other-route',
          workspace: 'default',
        },
        [
          ['1', 0],
          ['+Inf', 100],
        ],
      ),
    ],
  };
}

const ISTIO = {
  reporter: 'destination',
  destination_service_name: 'driver',
  destination_service_namespace: 'default',
};

function istioRequests(): Family {
  const series: Array<[Labels, number]> = [
    [{ ...ISTIO, destination_version: 'v1', response_code: '200' }, 6],
    [{ ...ISTIO, destination_version: 'v1', response_code: '503' }, 2],
    [{ ...ISTIO, destination_version: 'v2', response_code: '200' }, 2],
    // The source sidecars report the same requests again; another namespace has its own driver.
    [
      {
        ...ISTIO,
        reporter: 'source',
        destination_version: 'v1',
        response_code: '200',
      },
      6,
    ],
    [
      {
        ...ISTIO,
        destination_service_namespace: 'staging',
        destination_version: 'v3',
        response_code: '200',
      },
      40,
    ],
  ];
  return {
    name: 'istio_requests',
    type: 'counter',
    series: series.map(([labels, rate]) => ({
      sample: 'istio_requests_total',
      labels,
      value: counter(rate),
    })),
  };
}

function istioDuration(): Family {
  const name = 'istio_request_duration_milliseconds';
  return {
    name,
    type: 'histogram',
    series: [
      ...histogram(name, { ...ISTIO, destination_version: 'v1' }, [
        ['25', 4],
        ['50', 6],
        ['100', 8],
        ['+Inf', 8],
      ]),
      ...histogram(name, { ...ISTIO, destination_version: 'v2' }, [
        ['25', 2],
        ['+Inf', 2],
      ]),
    ],
  };
}

/** HPA replicas: current steps from 2 to 4 half an hour before the end, desired a minute earlier. */
export const HPA_STEP_AT = FIXTURE_END - 1800;

function hpa(): Family[] {
  const labels = { namespace: 'default', horizontalpodautoscaler: 'driver' };
  const other = { namespace: 'default', horizontalpodautoscaler: 'other' };
  const gauge = (name: string, value: (s: number) => number): Family => ({
    name,
    type: 'gauge',
    series: [
      { sample: name, labels, value },
      { sample: name, labels: other, value: () => 99 },
    ],
  });
  const at = (t: number) => t - FIXTURE_START;
  return [
    gauge('kube_horizontalpodautoscaler_status_current_replicas', s =>
      s >= at(HPA_STEP_AT) ? 4 : 2,
    ),
    gauge('kube_horizontalpodautoscaler_status_desired_replicas', s =>
      s >= at(HPA_STEP_AT - 60) ? 4 : 2,
    ),
    gauge('kube_horizontalpodautoscaler_spec_min_replicas', () => 2),
    gauge('kube_horizontalpodautoscaler_spec_max_replicas', () => 10),
  ];
}

/** The fixture as OpenMetrics text, ending with `# EOF`. */
export function openMetricsFixture(): string {
  const families: Family[] = [
    kongRequests(),
    kongHistogram(
      'kong_request_latency_ms',
      [
        ['10', 4],
        ['50', 8],
        ['100', 9],
        ['250', 10],
        ['+Inf', 10],
      ],
      [
        ['10', 4],
        ['+Inf', 4],
      ],
    ),
    kongHistogram(
      'kong_kong_latency_ms',
      [
        ['1', 5],
        ['5', 9],
        ['10', 10],
        ['+Inf', 10],
      ],
      [['+Inf', 4]],
    ),
    kongHistogram(
      'kong_upstream_latency_ms',
      [
        ['50', 2],
        ['100', 9],
        ['200', 10],
        ['+Inf', 10],
      ],
      [['+Inf', 4]],
    ),
    istioRequests(),
    istioDuration(),
    ...hpa(),
  ];
  return renderOpenMetrics(families);
}

/** Families as OpenMetrics text, one sample per scrape over the fixture's hour, ending with `# EOF`. */
export function renderOpenMetrics(families: Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const series of family.series) {
      for (let s = 0; s <= 3600; s += SCRAPE_SECONDS) {
        lines.push(
          `${series.sample}${labelText(series.labels)} ${series.value(s)} ${
            FIXTURE_START + s
          }`,
        );
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
