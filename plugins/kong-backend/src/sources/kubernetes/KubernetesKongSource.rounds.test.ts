import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesKongSource } from './KubernetesKongSource';
import { KubernetesReader } from './KubernetesReader';

const API = 'http://kube-api.test';
const list = (items: unknown[]) =>
  HttpResponse.json({ apiVersion: 'v1', kind: 'List', metadata: {}, items });

const ingress = {
  metadata: {
    name: 'driver',
    namespace: 'driver',
    annotations: { 'konghq.com/plugins': 'driver-oidc,shared-cors' },
  },
  spec: {
    ingressClassName: 'kong',
    rules: [
      {
        http: {
          paths: [
            {
              path: '/api/driver',
              pathType: 'Prefix',
              backend: { service: { name: 'driver', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
};
const service = {
  metadata: { name: 'driver', namespace: 'driver' },
  spec: {
    selector: { app: 'driver' },
    ports: [{ port: 80, targetPort: 8080 }],
  },
};
const slice = (serviceName: string, ip: string) => ({
  metadata: {
    name: `${serviceName}-x`,
    labels: { 'kubernetes.io/service-name': serviceName },
  },
  addressType: 'IPv4',
  ports: [{ port: 8080 }],
  endpoints: [{ addresses: [ip], conditions: { ready: true } }],
});
const plugin = (name: string, kind: string, labels?: object) => ({
  kind,
  metadata: { name, labels },
  plugin: name === 'driver-oidc' ? 'oidc' : name,
  config: {},
});

/** The namespace's collections, each answered only once all of them were asked for. */
const collections: Record<string, unknown[]> = {
  '/apis/networking.k8s.io/v1/namespaces/driver/ingresses': [ingress],
  '/apis/gateway.networking.k8s.io/v1/namespaces/driver/httproutes': [],
  '/api/v1/namespaces/driver/services': [service],
  '/apis/configuration.konghq.com/v1/namespaces/driver/kongplugins': [
    plugin('driver-oidc', 'KongPlugin'),
  ],
  '/apis/configuration.konghq.com/v1/kongclusterplugins': [
    plugin('shared-cors', 'KongClusterPlugin'),
    plugin('tcp-log', 'KongClusterPlugin', { global: 'true' }),
  ],
  '/apis/discovery.k8s.io/v1/namespaces/driver/endpointslices': [
    slice('driver', '10.244.0.7'),
    slice('other', '10.244.0.9'),
  ],
};

const server = setupServer();
registerMswTestHooks(server);

function source() {
  return new KubernetesKongSource({
    reader: new KubernetesReader(
      { name: 'test', url: API, serviceAccountToken: 't', skipTLSVerify: true },
      5000,
    ),
    ingressClass: 'kong',
    naming: 'kic2',
  });
}

describe('KubernetesKongSource reads', () => {
  it('in one parallel round: every list is asked for before any is answered', async () => {
    const asked: string[] = [];
    let release = () => {};
    const together = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      ...Object.entries(collections).map(([path, items]) =>
        http.get(`${API}${path}`, async () => {
          asked.push(path);
          if (asked.length === Object.keys(collections).length) release();
          await together;
          return list(items);
        }),
      ),
    );

    const result = await source().read({
      kubernetesId: 'driver',
      namespace: 'driver',
      kongServices: [],
    });

    expect(asked.sort()).toEqual(Object.keys(collections).sort());
    expect(result.routes.map(r => r.name)).toEqual(['driver.driver.00']);
    expect(
      result.plugins.map(p => [p.name, p.scope, p.appliesTo]).sort(),
    ).toEqual([
      ['driver-oidc', 'route', ['driver.driver.00']],
      ['shared-cors', 'route', ['driver.driver.00']],
      ['tcp-log', 'global', ['driver.driver.00']],
    ]);
    expect(result.upstreams).toEqual([
      {
        name: 'driver.driver.80.svc',
        healthSource: 'endpointslices',
        targets: [{ target: '10.244.0.7:8080', health: 'healthy' }],
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('falls back to Endpoints when the discovery API is not served', async () => {
    server.use(
      ...Object.entries(collections)
        .filter(([path]) => !path.includes('endpointslices'))
        .map(([path, items]) => http.get(`${API}${path}`, () => list(items))),
      http.get(
        `${API}/apis/discovery.k8s.io/v1/namespaces/driver/endpointslices`,
        () =>
          HttpResponse.json(
            { kind: 'Status', code: 404, message: 'not found' },
            { status: 404 },
          ),
      ),
      http.get(`${API}/api/v1/namespaces/driver/endpoints/driver`, () =>
        HttpResponse.json({
          metadata: { name: 'driver' },
          subsets: [
            { addresses: [{ ip: '10.244.0.7' }], ports: [{ port: 8080 }] },
          ],
        }),
      ),
    );
    const result = await source().read({
      kubernetesId: 'driver',
      namespace: 'driver',
      kongServices: [],
    });
    expect(result.upstreams[0]).toMatchObject({
      healthSource: 'endpoints',
      targets: [{ target: '10.244.0.7:8080' }],
    });
  });
});
