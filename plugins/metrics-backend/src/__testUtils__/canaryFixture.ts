import {
  counter,
  Family,
  histogram,
  Labels,
  renderOpenMetrics,
} from './openMetricsFixture';

/**
 * Istio series of two Services for the canary analysis against a real Prometheus. Every version
 * has a constant request rate, 5xx rate and latency histogram over the fixture's hour, so the
 * verdict over any one-minute interval follows from the numbers below:
 *
 * `checkout`: `v1` healthy (10 req/s, no 5xx, p99 99 ms), `v2` bad (8 % 5xx, p99 990 ms),
 * `v3` idle (0.2 req/s: 12 requests a minute, under the 20 needed).
 *
 * `edges`: `sr-99` success rate exactly 99 %, `sr-under` 98.9 %, `p99-500` p99 exactly 500 ms,
 * `p99-over` p99 545 ms; all with 10 req/s.
 */
interface Version {
  service: string;
  version: string;
  ok: number;
  errors: number;
  /** Cumulative requests/s per bucket, ending with `+Inf` = ok + errors. */
  buckets: Array<[string, number]>;
}

const VERSIONS: Version[] = [
  {
    service: 'checkout',
    version: 'v1',
    ok: 10,
    errors: 0,
    buckets: [
      ['100', 10],
      ['500', 10],
      ['1000', 10],
      ['+Inf', 10],
    ],
  },
  {
    service: 'checkout',
    version: 'v2',
    ok: 9.2,
    errors: 0.8,
    buckets: [
      ['100', 5],
      ['500', 5],
      ['1000', 10],
      ['+Inf', 10],
    ],
  },
  {
    service: 'checkout',
    version: 'v3',
    ok: 0.2,
    errors: 0,
    buckets: [
      ['100', 0.2],
      ['+Inf', 0.2],
    ],
  },
  {
    service: 'edges',
    version: 'sr-99',
    ok: 9.9,
    errors: 0.1,
    buckets: [
      ['100', 10],
      ['+Inf', 10],
    ],
  },
  {
    service: 'edges',
    version: 'sr-under',
    ok: 9.89,
    errors: 0.11,
    buckets: [
      ['100', 10],
      ['+Inf', 10],
    ],
  },
  {
    service: 'edges',
    version: 'p99-500',
    ok: 10,
    errors: 0,
    buckets: [
      ['250', 0],
      ['500', 9.9],
      ['1000', 10],
      ['+Inf', 10],
    ],
  },
  {
    service: 'edges',
    version: 'p99-over',
    ok: 10,
    errors: 0,
    buckets: [
      ['250', 0],
      ['500', 9.89],
      ['1000', 10],
      ['+Inf', 10],
    ],
  },
];

function destination(v: Version, reporter = 'destination'): Labels {
  return {
    reporter,
    destination_service_name: v.service,
    destination_service_namespace: 'default',
    destination_version: v.version,
  };
}

/** The fixture as OpenMetrics text. */
export function canaryOpenMetrics(): string {
  const requests: Family = {
    name: 'istio_requests',
    type: 'counter',
    series: VERSIONS.flatMap(v => [
      {
        sample: 'istio_requests_total',
        labels: { ...destination(v), response_code: '200' },
        value: counter(v.ok),
      },
      ...(v.errors > 0
        ? [
            {
              sample: 'istio_requests_total',
              labels: { ...destination(v), response_code: '503' },
              value: counter(v.errors),
            },
          ]
        : []),
      // The source sidecar's report of the same requests, all failing: must be left out.
      {
        sample: 'istio_requests_total',
        labels: { ...destination(v, 'source'), response_code: '500' },
        value: counter(50),
      },
    ]),
  };
  const name = 'istio_request_duration_milliseconds';
  const durations: Family = {
    name,
    type: 'histogram',
    series: VERSIONS.flatMap(v => histogram(name, destination(v), v.buckets)),
  };
  return renderOpenMetrics([requests, durations]);
}
