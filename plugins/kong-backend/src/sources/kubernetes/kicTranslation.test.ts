import { V1EndpointSlice } from '@kubernetes/client-node';
import {
  routesFromHttpRoute,
  routesFromIngress,
  selectsEntity,
  splitList,
} from './kicRoutes';
import { targetsFromEndpointSlices } from './kicUpstreams';
import { secretSources } from './kicPlugins';

const httpRoute = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {
    name: 'driver',
    namespace: 'driver',
    annotations: {
      'konghq.com/plugins': 'rl-by-header, prometheus-driver',
      'konghq.com/strip-path': 'true',
    },
  },
  spec: {
    parentRefs: [{ name: 'kong' }],
    hostnames: ['api.example.com'],
    rules: [
      {
        matches: [
          { path: { type: 'PathPrefix', value: '/api/driver' }, method: 'GET' },
          {
            path: { type: 'PathPrefix', value: '/api/drivers' },
            method: 'GET',
          },
        ],
        backendRefs: [{ name: 'driver', port: 80 }],
      },
      { backendRefs: [] },
    ],
  },
};

describe('KIC translation', () => {
  it('turns HTTPRoute rules into Kong routes', () => {
    expect(routesFromHttpRoute(httpRoute, 'kic2')).toEqual([
      {
        origin: { kind: 'HTTPRoute', name: 'driver' },
        pluginNames: ['rl-by-header', 'prometheus-driver'],
        route: {
          name: 'httproute.driver.driver.0.0',
          kongService: 'driver.driver.pnum-80',
          paths: ['/api/driver', '/api/drivers'],
          hosts: ['api.example.com'],
          methods: ['GET'],
          stripPath: true,
          preserveHost: true,
          protocols: ['http', 'https'],
          backend: { service: 'driver', port: 80 },
        },
      },
    ]);
  });

  const ingress = {
    metadata: { name: 'shop', namespace: 'web' },
    spec: {
      rules: [
        {
          http: {
            paths: [
              {
                path: '/a',
                backend: { service: { name: 'shop', port: { number: 80 } } },
              },
              {
                path: '/b',
                backend: { service: { name: 'shop', port: { number: 80 } } },
              },
            ],
          },
        },
        {
          host: '*.example.com',
          http: {
            paths: [
              {
                path: '/c',
                backend: { service: { name: 'shop', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };

  it.each([
    [
      'kic2' as const,
      [
        ['web.shop.00', 'web.shop.pnum-80', ['/a']],
        ['web.shop.01', 'web.shop.pnum-80', ['/b']],
        ['web.shop.10', 'web.shop.pname-http', ['/c']],
      ],
    ],
    [
      'kic3' as const,
      [
        ['web.shop.shop..80', 'web.shop.80', ['/a', '/b']],
        ['web.shop.shop._.example.com.http', 'web.shop.http', ['/c']],
      ],
    ],
  ])('names Ingress routes and services like %s', (naming, expected) => {
    expect(
      routesFromIngress(ingress as any, naming).map(r => [
        r.route.name,
        r.route.kongService,
        r.route.paths,
      ]),
    ).toEqual(expected);
  });

  it.each([
    [
      { metadata: { labels: { 'backstage.io/kubernetes-id': 'driver' } } },
      true,
    ],
    [httpRoute, true],
    [{ ...httpRoute, metadata: { name: 'x' }, spec: { rules: [] } }, false],
    [
      {
        metadata: { name: 'other' },
        spec: {
          rules: [
            { http: { paths: [{ backend: { service: { name: 'driver' } } }] } },
          ],
        },
      },
      true,
    ],
  ])('selects the entity objects (%#)', (object, expected) => {
    expect(selectsEntity(object as any, 'driver')).toBe(expected);
  });

  it('reads EndpointSlice readiness, unset meaning ready', () => {
    const slices: V1EndpointSlice[] = [
      {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080 }],
        endpoints: [
          { addresses: ['10.0.0.1'], conditions: { ready: true } },
          { addresses: ['10.0.0.2'], conditions: { ready: false } },
          { addresses: ['10.0.0.3'] },
        ],
      },
    ];
    expect(
      targetsFromEndpointSlices(slices, { name: 'http', port: 80 }),
    ).toEqual([
      { target: '10.0.0.1:8080', health: 'healthy' },
      { target: '10.0.0.2:8080', health: 'unhealthy' },
      { target: '10.0.0.3:8080', health: 'healthy' },
    ]);
  });

  it('names the Secrets behind configFrom and configPatches, not their values', () => {
    expect(
      secretSources({
        configFrom: { secretKeyRef: { name: 'rl-config', key: 'config' } },
        configPatches: [
          {
            path: '/client_secret',
            valueFrom: { secretKeyRef: { name: 'oidc', key: 'secret' } },
          },
        ],
      }),
    ).toEqual([
      'config: secret from Secret rl-config',
      '/client_secret: secret from Secret oidc',
    ]);
  });

  it('splits annotation lists', () => {
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
