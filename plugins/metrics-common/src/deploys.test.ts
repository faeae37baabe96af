import { compareDeploySignals, deployImpactQueries } from './deploys';

const THRESHOLDS = { minSuccessRate: 99, maxLatencyP99Ms: 500 };
const signals = (
  rps: number | null,
  errors: number | null,
  p95: number | null,
) => ({
  requestsPerSecond: rps,
  errorRatePercent: errors,
  latencyP95Ms: p95,
});

describe('deployImpactQueries', () => {
  it('reads the destination side of the entity’s Service over the window', () => {
    expect(
      deployImpactQueries(
        { namespace: 'nginx-ab', service: 'nginx-ab' },
        '15m',
      ),
    ).toEqual([
      {
        id: 'rps',
        query:
          'sum(rate(istio_requests_total{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab"}[15m]))',
      },
      {
        id: 'errors',
        query:
          '100 * (sum(rate(istio_requests_total{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab",response_code=~"5.."}[15m])) or sum(rate(istio_requests_total{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab"}[15m])) * 0) / sum(rate(istio_requests_total{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab"}[15m]))',
      },
      {
        id: 'p95',
        query:
          'histogram_quantile(0.95, sum by (destination_service_name, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab"}[15m])))',
      },
    ]);
  });

  it('escapes the names it puts in selectors', () => {
    const [rps] = deployImpactQueries(
      { namespace: 'a"b', service: 'c\\d' },
      '5m',
    );
    expect(rps.query).toContain('destination_service_name="c\\\\d"');
    expect(rps.query).toContain('destination_service_namespace="a\\"b"');
  });
});

describe('compareDeploySignals', () => {
  it.each([
    [
      'nothing regressed',
      signals(10, 0.5, 120),
      signals(12, 0.8, 130),
      [false, false, false],
      [20, 60, 8.3],
    ],
    [
      'the 5xx ratio crosses 1 %',
      signals(10, 0.5, 120),
      signals(10, 8, 130),
      [false, true, false],
      [0, 1500, 8.3],
    ],
    [
      'exactly on the threshold is not a regression',
      signals(10, 0.5, 120),
      signals(10, 1, 500),
      [false, false, false],
      [0, 100, 316.7],
    ],
    [
      'the p95 crosses 500 ms',
      signals(10, 0.5, 120),
      signals(10, 0.5, 900),
      [false, false, true],
      [0, 0, 650],
    ],
    [
      'already over before: not this deploy',
      signals(10, 5, 900),
      signals(10, 6, 950),
      [false, false, false],
      [0, 20, 5.6],
    ],
    [
      'no traffic before',
      signals(null, null, null),
      signals(10, 8, 900),
      [false, true, true],
      [null, null, null],
    ],
    [
      'no traffic after',
      signals(10, 0.5, 120),
      signals(null, null, null),
      [false, false, false],
      [null, null, null],
    ],
    [
      'zero before has no change ratio',
      signals(0, 0, 120),
      signals(5, 0, 120),
      [false, false, false],
      [null, null, 0],
    ],
  ])('%s', (_name, before, after, regressed, changes) => {
    const figures = compareDeploySignals(before, after, THRESHOLDS);
    expect(figures.map(f => f.name)).toEqual([
      'requests-per-second',
      'error-rate',
      'latency-p95',
    ]);
    expect(figures.map(f => f.regressed)).toEqual(regressed);
    expect(figures.map(f => f.changePercent)).toEqual(changes);
  });
});
