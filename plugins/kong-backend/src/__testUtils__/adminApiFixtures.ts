import { http, HttpResponse } from 'msw';

/** The Kong Admin API the tests talk to. */
export const ADMIN_URL = 'http://kong-admin.test:8001';

/** What KIC 3.x puts into Kong for the demo `driver` service, in Admin API 3.x JSON. */
export const driverService = {
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

export const driverRoute = {
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

export const routePlugins = [
  plugin(
    'p-oidc',
    'oidc',
    {
      client_id: 'driver',
      client_secret: 'kong-holds-this-secret',
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
      redis: { host: null, port: 6379, password: null },
    },
    { route: { id: 'route-1' } },
  ),
];

export const servicePlugins = [
  plugin(
    'p-prom',
    'prometheus',
    {
      status_code_metrics: true,
      latency_metrics: false,
      bandwidth_metrics: true,
      upstream_health_metrics: true,
      per_consumer: false,
    },
    { service: { id: 'svc-1' } },
  ),
];

export const globalPlugins = [
  plugin('p-tcp', 'tcp-log', {
    host: 'fluentd.logs.svc',
    port: 24224,
    tls: false,
  }),
];

export const upstreamHealth = {
  data: [
    {
      id: 't-1',
      target: '10.244.0.7:8080',
      weight: 100,
      health: 'HEALTHY',
      upstream: { id: 'u-1' },
      created_at: 1732262400,
      data: {
        addresses: [
          { ip: '10.244.0.7', port: 8080, health: 'HEALTHY', weight: 100 },
        ],
      },
    },
    {
      id: 't-2',
      target: '10.244.0.8:8080',
      weight: 100,
      health: 'HEALTHCHECKS_OFF',
      upstream: { id: 'u-1' },
      created_at: 1732262400,
    },
  ],
  next: null,
  node_id: 'node-1',
};

const page = (data: unknown[], next: string | null = null) =>
  HttpResponse.json({ data, next });

/** A Kong Admin API for the driver service; `/plugins` is paged like Kong pages it. */
export const adminApiHandlers = [
  http.get(`${ADMIN_URL}/services`, ({ request }) => {
    const tags = new URL(request.url).searchParams.get('tags');
    return page(
      tags === 'k8s-namespace:driver,k8s-name:driver' ? [driverService] : [],
    );
  }),
  http.get(`${ADMIN_URL}/services/:name`, ({ params }) =>
    params.name === driverService.name || params.name === driverService.id
      ? HttpResponse.json(driverService)
      : HttpResponse.json({ message: 'Not found' }, { status: 404 }),
  ),
  http.get(`${ADMIN_URL}/services/svc-1/routes`, () => page([driverRoute])),
  http.get(`${ADMIN_URL}/services/svc-1/plugins`, () =>
    page([...servicePlugins, ...routePlugins]),
  ),
  http.get(`${ADMIN_URL}/routes/route-1/plugins`, () => page(routePlugins)),
  http.get(`${ADMIN_URL}/plugins`, ({ request }) => {
    const all = [...routePlugins, ...servicePlugins, ...globalPlugins];
    return new URL(request.url).searchParams.get('offset') === 'page2'
      ? page(all.slice(2))
      : page(all.slice(0, 2), '/plugins?offset=page2');
  }),
  http.get(`${ADMIN_URL}/upstreams/:name/health`, ({ params }) =>
    params.name === 'driver.driver.80.svc'
      ? HttpResponse.json(upstreamHealth)
      : HttpResponse.json({ message: 'Not found' }, { status: 404 }),
  ),
];
