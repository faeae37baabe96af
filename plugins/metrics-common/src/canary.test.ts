import {
  canaryAnalysisQueries,
  CanaryFigures,
  DEFAULT_CANARY_THRESHOLDS,
  judgeCanary,
  parseCanaryThresholds,
} from './canary';

const figures = (
  requests: number,
  errors: number,
  latencyP99Ms: number | null,
): CanaryFigures => ({ version: 'v2', requests, errors, latencyP99Ms });

describe('judgeCanary', () => {
  it.each([
    [
      'healthy',
      figures(1000, 5, 120),
      'passed',
      ['passed', 'passed', 'passed'],
    ],
    [
      'success rate exactly 99 %',
      figures(1000, 10, 120),
      'passed',
      ['passed', 'passed', 'passed'],
    ],
    [
      'success rate just under 99 %',
      figures(1000, 11, 120),
      'failed',
      ['passed', 'failed', 'passed'],
    ],
    [
      'p99 exactly 500 ms',
      figures(1000, 0, 500),
      'passed',
      ['passed', 'passed', 'passed'],
    ],
    [
      'p99 just over 500 ms',
      figures(1000, 0, 500.1),
      'failed',
      ['passed', 'passed', 'failed'],
    ],
    [
      'both bad',
      figures(1000, 80, 900),
      'failed',
      ['passed', 'failed', 'failed'],
    ],
    [
      'idle',
      figures(0, 0, null),
      'inconclusive',
      ['inconclusive', 'inconclusive', 'inconclusive'],
    ],
    [
      'under the minimum, even failing',
      figures(19, 19, 900),
      'inconclusive',
      ['inconclusive', 'inconclusive', 'inconclusive'],
    ],
    [
      'exactly the minimum',
      figures(20, 0, 100),
      'passed',
      ['passed', 'passed', 'passed'],
    ],
    [
      'no histogram',
      figures(500, 0, null),
      'inconclusive',
      ['passed', 'passed', 'inconclusive'],
    ],
    [
      'errors above requests (extrapolation) are capped',
      figures(100, 120, 100),
      'failed',
      ['passed', 'failed', 'passed'],
    ],
  ] as const)('%s', (_, input, status, checks) => {
    const verdict = judgeCanary(input, DEFAULT_CANARY_THRESHOLDS);
    expect(verdict.status).toBe(status);
    expect(verdict.checks.map(c => c.status)).toEqual(checks);
  });

  it('reports the figures and what each check found', () => {
    expect(judgeCanary(figures(1000, 80, 900), DEFAULT_CANARY_THRESHOLDS))
      .toMatchInlineSnapshot(`
      {
        "checks": [
          {
            "message": "1000 requests in the interval",
            "name": "request-count",
            "status": "passed",
            "threshold": 20,
            "value": 1000,
          },
          {
            "message": "success rate 92% < 99%",
            "name": "success-rate",
            "status": "failed",
            "threshold": 99,
            "value": 92,
          },
          {
            "message": "p99 900 ms > 500 ms",
            "name": "latency-p99",
            "status": "failed",
            "threshold": 500,
            "value": 900,
          },
        ],
        "latencyP99Ms": 900,
        "requests": 1000,
        "status": "failed",
        "successRate": 92,
        "version": "v2",
      }
    `);
  });

  it('holds the figures against custom thresholds', () => {
    const thresholds = {
      minSuccessRate: 90,
      maxLatencyP99Ms: 1000,
      minRequests: 5,
    };
    expect(judgeCanary(figures(10, 1, 950), thresholds).status).toBe('passed');
    expect(judgeCanary(figures(4, 0, 10), thresholds).status).toBe(
      'inconclusive',
    );
  });
});

describe('parseCanaryThresholds', () => {
  const defaults = DEFAULT_CANARY_THRESHOLDS;
  it.each([
    [
      'min-success-rate=99.5, max-p99-ms=300, min-requests=50',
      { minSuccessRate: 99.5, maxLatencyP99Ms: 300, minRequests: 50 },
    ],
    ['max-p99-ms = 800', { ...defaults, maxLatencyP99Ms: 800 }],
    ['min-requests=1,', { ...defaults, minRequests: 1 }],
  ])('%s', (value, thresholds) => {
    expect(parseCanaryThresholds(value, defaults)).toEqual({ thresholds });
  });

  it.each([
    ['', 'the annotation is empty'],
    ['success=99', 'unknown key "success"'],
    ['min-success-rate=abc', '"min-success-rate=abc" is not key=number'],
    ['min-success-rate=101', 'min-success-rate must be a percentage'],
    ['max-p99-ms=0', 'max-p99-ms must be more than 0'],
    ['min-requests=2.5', 'min-requests must be a whole number'],
    ['min-requests=0', 'min-requests must be a whole number'],
    ['max-p99-ms=1,max-p99-ms=2', '"max-p99-ms" is given twice'],
    ['min-requests=-1', '"min-requests=-1" is not key=number'],
  ])('refuses %j', (value, message) => {
    const result = parseCanaryThresholds(value, defaults);
    expect('error' in result && result.error).toContain(message);
  });
});

describe('canaryAnalysisQueries', () => {
  it('selects the service by destination labels, escaped, over the interval', () => {
    const queries = canaryAnalysisQueries(
      { namespace: 'ops', service: 'nginx"ab' },
      '1m',
    );
    expect(queries.map(q => q.id)).toEqual([
      'requests',
      'errors',
      'latency-p99',
    ]);
    expect(queries[0].query).toBe(
      'sum by (destination_version) (increase(istio_requests_total{reporter="destination",destination_service_name="nginx\\"ab",destination_service_namespace="ops"}[1m]))',
    );
    expect(queries[1].query).toContain('response_code=~"5.."');
    expect(queries[2].query).toBe(
      'histogram_quantile(0.99, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="nginx\\"ab",destination_service_namespace="ops"}[1m])))',
    );
  });
});
