import {
  firstValidationError,
  isOwnRoutePath,
  routePathSchema,
  serviceRequestSchema,
} from './serviceRequest';

const request = (overrides: Record<string, unknown> = {}) => ({
  name: 'payments',
  owner: 'group:default/team-drivers',
  image: 'registry.ops.local/payments:1.0.0',
  port: 8080,
  namespace: 'payments',
  routePath: '/api/payments',
  rateLimitPerSecond: 20,
  auth: 'oidc',
  autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 70 },
  logShipping: true,
  ...overrides,
});

describe('routePathSchema', () => {
  it.each(['/', '/payments', '/payments/v1', '/api/payments', '/a.b/c_d-e'])(
    'accepts %s',
    path => {
      expect(firstValidationError(routePathSchema, path)).toBeUndefined();
    },
  );

  it.each([
    ['', 'Route path is required'],
    ['payments', "Route path must start with '/'"],
    ['/payments/', "Route path must not contain '//' or end with '/'"],
    ['//payments', "Route path must not contain '//' or end with '/'"],
    ['/payments//v1', "Route path must not contain '//' or end with '/'"],
    ['/payments/../orders', "Route path must not contain '.' or '..' segments"],
    ['/payments/./v1', "Route path must not contain '.' or '..' segments"],
    ['/payments/..', "Route path must not contain '.' or '..' segments"],
    [
      '/~/payments.*',
      "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
    ],
    [
      '/payments~',
      "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
    ],
    [
      '/payments/(v1|v2)',
      "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
    ],
    [
      '/payments%2F..',
      "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
    ],
    [
      '/pay ments',
      "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
    ],
    [`/${'a'.repeat(200)}`, 'Route path must be at most 200 characters'],
  ])('refuses %j', (path, message) => {
    expect(firstValidationError(routePathSchema, path)).toBe(message);
  });
});

describe('isOwnRoutePath', () => {
  it.each<[string, boolean]>([
    ['/payments', true],
    ['/payments/v1', true],
    ['/api/payments', true],
    ['/api/payments/v2/x', true],
    ['/', false],
    ['/api', false],
    ['/paymentsx', false],
    ['/api/paymentsx', false],
    ['/orders', false],
    ['/api/orders/payments', false],
    ['/v1/payments', false],
  ])('%s for payments: %s', (path, own) => {
    expect(isOwnRoutePath('payments', path)).toBe(own);
  });
});

describe('serviceRequestSchema', () => {
  it.each(['/payments', '/payments/v1', '/api/payments'])(
    'accepts the own route path %s',
    routePath => {
      expect(
        serviceRequestSchema.safeParse(request({ routePath })).success,
      ).toBe(true);
    },
  );

  it.each(['/', '/api', '/api/orders', '/orders', '/paymentsx'])(
    'refuses the route path %s of another prefix',
    routePath => {
      const result = serviceRequestSchema.safeParse(request({ routePath }));
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ['routePath'],
          message:
            "Route path must be the service's own prefix '/payments' or '/api/payments', or a path below it",
        }),
      ]);
    },
  );

  it('keeps the fields shape for code that lists them', () => {
    expect(Object.keys(serviceRequestSchema.shape)).toContain('routePath');
  });
});
