import { exampleRequest } from './__fixtures__/serviceRequest';
import { buildIngress } from './ingress';

describe('buildIngress', () => {
  it.each([
    ['any host', undefined, undefined],
    ['one host', 'api.example.com', 'api.example.com'],
  ])('routes the path prefix on %s', (_case, host, expected) => {
    const ingress = buildIngress(exampleRequest(), {
      pluginNames: ['rl-orders', 'prometheus-orders'],
      host,
    });
    expect(ingress.metadata).toEqual({
      name: 'orders',
      namespace: 'orders',
      labels: expect.objectContaining({
        'backstage.io/kubernetes-id': 'orders',
      }),
      annotations: {
        'konghq.com/strip-path': 'true',
        'konghq.com/preserve-host': 'false',
        'konghq.com/plugins': 'rl-orders,prometheus-orders',
      },
    });
    expect(ingress.spec?.ingressClassName).toBe('kong');
    const [rule] = ingress.spec!.rules!;
    expect(rule.host).toBe(expected);
    expect('host' in rule).toBe(expected !== undefined);
    expect(rule.http?.paths).toEqual([
      {
        path: '/api/orders',
        pathType: 'Prefix',
        backend: { service: { name: 'orders', port: { number: 80 } } },
      },
    ]);
  });
});
