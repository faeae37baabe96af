import { overlappingRoutes, RouteRef, routePathsOverlap } from './routeOverlap';

describe('routePathsOverlap', () => {
  it.each<[string, string, boolean]>([
    ['/api/payments', '/api/payments', true],
    ['/api/payments', '/api/payments/', true],
    ['/api', '/api/payments', true],
    ['/api/payments/v1', '/api/payments', true],
    ['/', '/api/payments', true],
    ['/api/payments', '/', true],
    ['/api/pay', '/api/payments', false],
    ['/api/payments', '/api/paymentsx', false],
    ['/payments', '/api/payments', false],
    ['/api/driver', '/api/giropops', false],
  ])('%s and %s: %s', (a, b, overlap) => {
    expect(routePathsOverlap(a, b)).toBe(overlap);
    expect(routePathsOverlap(b, a)).toBe(overlap);
  });
});

describe('overlappingRoutes', () => {
  const route: RouteRef = {
    namespace: 'payments',
    name: 'payments',
    path: '/api/payments',
  };
  const driver: RouteRef = {
    namespace: 'driver',
    name: 'driver',
    path: '/api/driver',
  };

  it.each<[string, RouteRef[], RouteRef[]]>([
    ['no routes', [], []],
    ['routes of other prefixes', [driver], []],
    [
      "the service's own Ingress from an earlier run",
      [{ ...route }, driver],
      [],
    ],
    [
      'the same path on another host',
      [{ ...route, namespace: 'x', name: 'x', host: 'b.example.com' }],
      [],
    ],
  ])('finds nothing with %s', (_case, existing, found) => {
    expect(
      overlappingRoutes({ ...route, host: 'a.example.com' }, existing),
    ).toEqual(found);
  });

  it.each<[string, RouteRef]>([
    [
      'the same path',
      { namespace: 'evil', name: 'evil', path: '/api/payments' },
    ],
    [
      'a path below it',
      { namespace: 'x', name: 'x', path: '/api/payments/v1' },
    ],
    ['a path above it', { namespace: 'x', name: 'x', path: '/api' }],
    ['a catch-all', { namespace: 'x', name: 'x', path: '/' }],
    [
      'the same name in another namespace',
      { namespace: 'other', name: 'payments', path: '/api/payments' },
    ],
    [
      'another Ingress in the same namespace',
      { namespace: 'payments', name: 'other', path: '/api/payments' },
    ],
    [
      'a route on any host',
      { namespace: 'x', name: 'x', path: '/api/payments' },
    ],
  ])('finds %s', (_case, other) => {
    expect(
      overlappingRoutes({ ...route, host: 'a.example.com' }, [driver, other]),
    ).toEqual([other]);
  });
});
