/**
 * What KIC 3.x puts into Kong for the `driver` service (namespace `driver`), in Kong Admin API
 * 3.x JSON: one service, one route, route/service/global plugins (`/plugins` paged like Kong pages
 * it) and the upstream's target health. Same shape as the kong-backend's own test fixtures.
 */
const service = {
  id: 'svc-1',
  name: 'driver.driver.pnum-80',
  host: 'driver.driver.80.svc',
  port: 80,
  protocol: 'http',
  path: '/',
  retries: 5,
  connect_timeout: 60000,
  tags: [
    'k8s-name:driver',
    'k8s-namespace:driver',
    'k8s-kind:Service',
    'k8s-version:v1',
  ],
};

const route = {
  id: 'route-1',
  name: 'driver.driver.00',
  paths: ['/api/driver'],
  hosts: null,
  methods: null,
  protocols: ['http', 'https'],
  strip_path: true,
  preserve_host: true,
  https_redirect_status_code: 426,
  regex_priority: 0,
  service: { id: 'svc-1' },
  tags: ['k8s-name:driver', 'k8s-namespace:driver', 'k8s-kind:Ingress'],
};

function plugin(id: string, name: string, config: object, extra: object = {}) {
  return {
    id,
    name,
    instance_name: null,
    enabled: true,
    config,
    protocols: ['grpc', 'grpcs', 'http', 'https'],
    route: null,
    service: null,
    consumer: null,
    tags: null,
    created_at: 1732262400,
    ...extra,
  };
}

const routePlugins = [
  plugin(
    'p-oidc',
    'oidc',
    {
      client_id: 'driver',
      discovery:
        'http://keycloak.iam/realms/driver/.well-known/openid-configuration',
      bearer_only: 'yes',
    },
    { route: { id: 'route-1' } },
  ),
  plugin(
    'p-rl',
    'rate-limiting',
    {
      second: 10,
      minute: null,
      limit_by: 'header',
      header_name: 'X-Credential-Identifier',
      policy: 'local',
      redis: { host: null, port: 6379 },
    },
    { route: { id: 'route-1' } },
  ),
];

const servicePlugins = [
  plugin(
    'p-prom',
    'prometheus',
    {
      status_code_metrics: true,
      latency_metrics: true,
      bandwidth_metrics: true,
      upstream_health_metrics: true,
      per_consumer: false,
    },
    { service: { id: 'svc-1' } },
  ),
];

const globalPlugins = [
  plugin('p-tcp', 'tcp-log', {
    host: 'fluentd.logs.svc',
    port: 24224,
    tls: false,
  }),
];

const health = {
  data: [
    {
      id: 't-1',
      target: '10.244.0.7:8080',
      weight: 100,
      health: 'HEALTHY',
      upstream: { id: 'u-1' },
      created_at: 1732262400,
    },
    {
      id: 't-2',
      target: '10.244.0.8:8080',
      weight: 100,
      health: 'HEALTHY',
      upstream: { id: 'u-1' },
      created_at: 1732262400,
    },
  ],
  next: null,
  node_id: 'node-1',
};

const page = (data: unknown[], next: string | null = null) => ({
  status: 200,
  json: { data, next },
});
const notFound = { status: 404, json: { message: 'Not found' } };

/** The Admin API's answer to `GET <url>` (path and query). */
export function kongAdminAnswer(url: string): {
  status: number;
  json: unknown;
} {
  const { pathname, searchParams } = new URL(url, 'http://kong-admin');
  const path = decodeURIComponent(pathname);
  if (path === '/services') {
    return page(
      searchParams.get('tags') === 'k8s-namespace:driver,k8s-name:driver'
        ? [service]
        : [],
    );
  }
  if (path === '/services/svc-1/routes') return page([route]);
  if (path === '/services/svc-1/plugins')
    return page([...servicePlugins, ...routePlugins]);
  if (path === '/routes/route-1/plugins') return page(routePlugins);
  if (path === '/plugins') {
    const all = [...routePlugins, ...servicePlugins, ...globalPlugins];
    return searchParams.get('offset') === 'page2'
      ? page(all.slice(2))
      : page(all.slice(0, 2), '/plugins?offset=page2');
  }
  if (
    path === `/services/${service.name}` ||
    path === `/services/${service.id}`
  ) {
    return { status: 200, json: service };
  }
  if (path === `/upstreams/${service.host}/health`)
    return { status: 200, json: health };
  return notFound;
}
