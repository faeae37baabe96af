import {
  durationMs,
  trafficIssues,
  trafficPolicySchema,
  trafficSaveRequestSchema,
} from './schema';

const valid = {
  weights: [
    { subset: 'v1', weight: 80 },
    { subset: 'v2', weight: 20 },
  ],
  resilience: {},
};

function issuesOf(policy: unknown): string[] {
  const result = trafficPolicySchema.safeParse(policy);
  return result.success ? [] : trafficIssues(result.error);
}

describe('trafficPolicySchema', () => {
  it('accepts integer weights summing to 100 and a full resilience policy', () => {
    expect(
      issuesOf({
        weights: [
          { subset: 'v1', weight: 90 },
          { subset: 'v2', weight: 10 },
          { subset: 'canary-3', weight: 0 },
        ],
        resilience: {
          fault: {
            delay: { fixedDelay: '1.5s', percentage: 10 },
            abort: { httpStatus: 503, percentage: 0.5 },
          },
          retries: {
            attempts: 3,
            perTryTimeout: '200ms',
            retryOn: '5xx,connect-failure',
          },
          timeout: '10s',
          outlierDetection: {
            consecutive5xxErrors: 5,
            consecutiveGatewayErrors: 2,
            interval: '30s',
            baseEjectionTime: '1m',
            maxEjectionPercent: 50,
          },
          consistentHashHeader: 'x-user-id',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'sum below 100',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: 80 },
          { subset: 'v2', weight: 10 },
        ],
      },
      'weights: weights must sum to 100 (they sum to 90)',
    ],
    [
      'sum above 100',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: 80 },
          { subset: 'v2', weight: 30 },
        ],
      },
      'weights: weights must sum to 100 (they sum to 110)',
    ],
    [
      'negative weight',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: 110 },
          { subset: 'v2', weight: -10 },
        ],
      },
      'weights.1.weight: weight must be between 0 and 100',
    ],
    [
      'weight over 100',
      { ...valid, weights: [{ subset: 'v1', weight: 101 }] },
      'weights.0.weight: weight must be between 0 and 100',
    ],
    [
      'fractional weight',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: 80.5 },
          { subset: 'v2', weight: 19.5 },
        ],
      },
      'weights.0.weight: weight must be a whole number',
    ],
    [
      'NaN weight',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: NaN },
          { subset: 'v2', weight: 100 },
        ],
      },
      'weights.0.weight: weight must be a number',
    ],
    [
      'string weight',
      { ...valid, weights: [{ subset: 'v1', weight: '100' }] },
      'weights.0.weight: weight must be a number',
    ],
    [
      'duplicate subset',
      {
        ...valid,
        weights: [
          { subset: 'v1', weight: 50 },
          { subset: 'v1', weight: 50 },
        ],
      },
      'weights.1.subset: subset v1 is listed twice',
    ],
    [
      'no weights',
      { ...valid, weights: [] },
      'weights: at least one subset needs a weight',
    ],
    [
      'subset name with a quote',
      { ...valid, weights: [{ subset: "v1'", weight: 100 }] },
      'weights.0.subset: subset must be a DNS-1123 label (a-z, 0-9, -)',
    ],
    [
      'uppercase subset',
      { ...valid, weights: [{ subset: 'V1', weight: 100 }] },
      'weights.0.subset: subset must be a DNS-1123 label (a-z, 0-9, -)',
    ],
    [
      'delay percentage over 100',
      {
        ...valid,
        resilience: { fault: { delay: { fixedDelay: '1s', percentage: 101 } } },
      },
      'resilience.fault.delay.percentage: fault delay percentage must be between 0 and 100',
    ],
    [
      'abort percentage negative',
      {
        ...valid,
        resilience: { fault: { abort: { httpStatus: 503, percentage: -1 } } },
      },
      'resilience.fault.abort.percentage: fault abort percentage must be between 0 and 100',
    ],
    [
      'abort percentage Infinity',
      {
        ...valid,
        resilience: {
          fault: { abort: { httpStatus: 503, percentage: Infinity } },
        },
      },
      'resilience.fault.abort.percentage: fault abort percentage must be a finite number',
    ],
    [
      'abort status out of range',
      {
        ...valid,
        resilience: { fault: { abort: { httpStatus: 99, percentage: 5 } } },
      },
      'resilience.fault.abort.httpStatus: fault abort status must be an HTTP status 200-599',
    ],
    [
      'delay without unit',
      {
        ...valid,
        resilience: { fault: { delay: { fixedDelay: '5', percentage: 5 } } },
      },
      'resilience.fault.delay.fixedDelay: fault delay must be an Istio duration such as 100ms, 1.5s, 2m or 1h',
    ],
    [
      'negative duration',
      { ...valid, resilience: { timeout: '-1s' } },
      'resilience.timeout: request timeout must be an Istio duration such as 100ms, 1.5s, 2m or 1h',
    ],
    [
      'zero duration',
      { ...valid, resilience: { timeout: '0s' } },
      'resilience.timeout: request timeout must be at least 1ms',
    ],
    [
      'timeout too long',
      { ...valid, resilience: { timeout: '25h' } },
      'resilience.timeout: request timeout must be at most 24h',
    ],
    [
      'retry attempts negative',
      { ...valid, resilience: { retries: { attempts: -1 } } },
      'resilience.retries.attempts: retry attempts must be 0 or more',
    ],
    [
      'retry-on with spaces',
      {
        ...valid,
        resilience: { retries: { attempts: 2, retryOn: '5xx, reset' } },
      },
      'resilience.retries.retryOn: retry-on must be comma-separated conditions such as 5xx,connect-failure',
    ],
    [
      'max ejection over 100',
      {
        ...valid,
        resilience: { outlierDetection: { maxEjectionPercent: 150 } },
      },
      'resilience.outlierDetection.maxEjectionPercent: max ejection percent must be at most 100',
    ],
    [
      'header with a colon',
      { ...valid, resilience: { consistentHashHeader: 'x-user:id' } },
      'resilience.consistentHashHeader: consistent-hash header must be an HTTP header name',
    ],
  ])('%s', (_name, policy, message) => {
    expect(issuesOf(policy)).toContain(message);
  });

  it.each([
    ['an unknown top-level field', { ...valid, mirror: { host: 'evil' } }],
    [
      'an unknown resilience field',
      { ...valid, resilience: { connectionPool: {} } },
    ],
    [
      'an unknown weight field',
      { ...valid, weights: [{ subset: 'v1', weight: 100, host: 'other' }] },
    ],
  ])('refuses %s (a forged request)', (_name, policy) => {
    expect(issuesOf(policy)[0]).toMatch(/Unrecognized key/);
  });
});

describe('trafficSaveRequestSchema', () => {
  it('requires the entity and the base version', () => {
    const result = trafficSaveRequestSchema.safeParse({ policy: valid });
    expect(result.success).toBe(false);
    expect(trafficIssues((result as any).error)).toEqual([
      'entityRef: Required',
      'baseVersion: Required',
    ]);
  });

  it('accepts force as a boolean only', () => {
    const base = {
      entityRef: 'component:default/x',
      policy: valid,
      baseVersion: 'v',
    };
    expect(
      trafficSaveRequestSchema.safeParse({ ...base, force: true }).success,
    ).toBe(true);
    expect(
      trafficSaveRequestSchema.safeParse({ ...base, force: 'yes' }).success,
    ).toBe(false);
  });
});

describe('durationMs', () => {
  it.each([
    ['100ms', 100],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['5', undefined],
    ['1d', undefined],
    ['', undefined],
    ['1s ', undefined],
  ])('%s → %s', (value, expected) => {
    expect(durationMs(value)).toBe(expected);
  });
});
