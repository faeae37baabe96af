/**
 * What the Kong Ingress Controller source reads from the cluster for the `driver` service
 * (namespace `driver`): its Kong Ingress, Service, EndpointSlice, the KongPlugins the Ingress
 * names, a global KongClusterPlugin; no Gateway API routes. The same Kong configuration as
 * `kongAdminFixtures.ts`, as Kubernetes objects.
 */
type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
};

const meta = (
  name: string,
  extra: Omit<KubeObject['metadata'], 'name'> = {},
) => ({ name, namespace: 'driver', ...extra });

const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta('driver', {
    annotations: { 'konghq.com/plugins': 'driver-oidc,driver-rate-limit' },
  }),
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

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('driver', {
    annotations: { 'konghq.com/plugins': 'driver-prometheus' },
  }),
  spec: {
    selector: { app: 'driver' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
  },
};

const endpointSlice: KubeObject = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: meta('driver-abcde', {
    labels: { 'kubernetes.io/service-name': 'driver' },
  }),
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: ['10.244.0.7', '10.244.0.8'].map(ip => ({
    addresses: [ip],
    conditions: { ready: true },
  })),
};

const kongPlugin = (
  name: string,
  plugin: string,
  config: object,
): KubeObject => ({
  apiVersion: 'configuration.konghq.com/v1',
  kind: 'KongPlugin',
  metadata: meta(name),
  plugin,
  config,
});

const kongPlugins = [
  kongPlugin('driver-oidc', 'oidc', {
    client_id: 'driver',
    discovery:
      'http://keycloak.iam/realms/driver/.well-known/openid-configuration',
    bearer_only: 'yes',
  }),
  kongPlugin('driver-rate-limit', 'rate-limiting', {
    second: 10,
    limit_by: 'header',
    header_name: 'X-Credential-Identifier',
    policy: 'local',
  }),
  kongPlugin('driver-prometheus', 'prometheus', {
    status_code_metrics: true,
    latency_metrics: true,
  }),
];

const clusterPlugins: KubeObject[] = [
  {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongClusterPlugin',
    metadata: { name: 'tcp-log', labels: { global: 'true' } },
    plugin: 'tcp-log',
    config: { host: 'fluentd.logs.svc', port: 24224 },
  },
];

/** The collections the fake serves, by their list path. */
const collections: Record<string, KubeObject[]> = {
  '/apis/networking.k8s.io/v1/namespaces/driver/ingresses': [ingress],
  '/apis/gateway.networking.k8s.io/v1/namespaces/driver/httproutes': [],
  '/api/v1/namespaces/driver/services': [service],
  '/apis/discovery.k8s.io/v1/namespaces/driver/endpointslices': [endpointSlice],
  '/apis/configuration.konghq.com/v1/namespaces/driver/kongplugins':
    kongPlugins,
  '/apis/configuration.konghq.com/v1/kongclusterplugins': clusterPlugins,
};

/** `a=b,c=d` (equality only, what the Kong source sends) as a predicate on labels. */
function matchesSelector(object: KubeObject, selector: string | null) {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [key, value] = term.split('=');
    return object.metadata.labels?.[key] === value;
  });
}

const notFound = (path: string) => ({
  status: 404,
  json: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
    message: `${path} not found`,
  },
});

/** The Kubernetes API's answer to `GET <url>`: a list (label selector applied) or one object. */
export function kubeAnswer(url: string): { status: number; json: unknown } {
  const { pathname, searchParams } = new URL(url, 'http://kube-api');
  const list = collections[pathname];
  if (list) {
    const items = list.filter(o =>
      matchesSelector(o, searchParams.get('labelSelector')),
    );
    const kind = `${list[0]?.kind ?? 'Object'}List`;
    return {
      status: 200,
      json: { apiVersion: 'v1', kind, metadata: {}, items },
    };
  }
  const slash = pathname.lastIndexOf('/');
  const object = collections[pathname.slice(0, slash)]?.find(
    o => o.metadata.name === pathname.slice(slash + 1),
  );
  return object ? { status: 200, json: object } : notFound(pathname);
}
