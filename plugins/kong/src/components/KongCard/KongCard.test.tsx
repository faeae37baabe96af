import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { KongRoutesResponse } from '@internal/plugin-kong-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KongClient, kongApiRef } from '../../api';
import { KongCard } from './KongCard';

const BACKEND = 'http://example.com/api/kong';

const server = setupServer();
registerMswTestHooks(server);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'driver',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'driver',
    },
  },
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

const driver: KongRoutesResponse = {
  source: 'kubernetes',
  routes: [
    {
      name: 'driver.driver.00',
      kongService: 'driver.driver.pnum-80',
      paths: ['/api/driver'],
      hosts: [],
      methods: ['GET', 'POST'],
      stripPath: true,
      preserveHost: true,
      protocols: ['http', 'https'],
      backend: { service: 'driver', port: 80 },
    },
  ],
  plugins: [
    {
      name: 'rl-by-header',
      plugin: 'rate-limiting',
      scope: 'route',
      appliesTo: ['driver.driver.00'],
      enabled: true,
      settings: { second: 10, limit_by: 'header', policy: 'local' },
      warnings: [],
    },
    {
      name: 'prometheus-driver',
      plugin: 'prometheus',
      scope: 'route',
      appliesTo: ['driver.driver.00'],
      enabled: true,
      settings: { status_code_metrics: true, latency_metrics: false },
      warnings: [
        'latency_metrics is off: kong_request_latency_ms will be missing',
      ],
    },
    {
      name: 'oidc-driver',
      plugin: 'oidc',
      scope: 'route',
      appliesTo: ['driver.driver.00'],
      enabled: true,
      settings: {
        authType: 'OpenID Connect (community oidc)',
        secrets: ['/client_secret: secret from Secret driver-oidc-client'],
      },
      warnings: [],
    },
  ],
  upstreams: [
    {
      name: 'driver.driver.80.svc',
      healthSource: 'pods',
      targets: [
        { target: '10.244.0.7:8080', health: 'healthy' },
        { target: '10.244.0.8:8080', health: 'unhealthy' },
      ],
    },
  ],
  warnings: [
    'konghq.com/plugins on Ingress driver names ghost, which is neither a KongPlugin',
  ],
};

async function renderCard(forEntity: Entity = entity) {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  return renderInTestApp(
    <EntityProvider entity={forEntity}>
      <KongCard />
    </EntityProvider>,
    {
      apis: [
        discoveryApi,
        fetchApi,
        [kongApiRef, new KongClient({ discoveryApi, fetchApi })],
      ] as const,
    },
  );
}

describe('KongCard', () => {
  it('shows routes, plugins with settings and warnings, and target health', async () => {
    let asked: string | null = null;
    server.use(
      http.get(`${BACKEND}/routes`, ({ request }) => {
        asked = new URL(request.url).searchParams.get('entityRef');
        return HttpResponse.json(driver);
      }),
    );
    await renderCard();

    expect(await screen.findByText('driver.driver.00')).toBeInTheDocument();
    expect(asked).toBe('component:default/driver');
    expect(screen.getByText('/api/driver')).toBeInTheDocument();
    expect(screen.getByText('GET, POST')).toBeInTheDocument();
    expect(screen.getByText('driver:80')).toBeInTheDocument();
    expect(screen.getByText('second: 10')).toBeInTheDocument();
    expect(screen.getByText('limit_by: header')).toBeInTheDocument();
    expect(screen.getByText('latency_metrics: false')).toBeInTheDocument();
    expect(
      screen.getByText(
        'secrets: /client_secret: secret from Secret driver-oidc-client',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'latency_metrics is off: kong_request_latency_ms will be missing',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/names ghost/)).toBeInTheDocument();
    expect(screen.getByText('driver.driver.80.svc')).toBeInTheDocument();
    expect(
      screen.getByText(/readiness of the Service's pods/),
    ).toBeInTheDocument();
    expect(screen.getByText('healthy')).toBeInTheDocument();
    expect(screen.getByText('unhealthy')).toBeInTheDocument();
    expect(
      screen.getByText(
        'From the Kong Ingress Controller resources in the cluster',
      ),
    ).toBeInTheDocument();
  });

  it('asks for the kubernetes-id annotation without calling the backend', async () => {
    await renderCard({ ...entity, metadata: { name: 'docs' } });
    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
  });

  it('shows the annotation the backend says is missing', async () => {
    server.use(
      http.get(`${BACKEND}/routes`, () =>
        HttpResponse.json({ missingAnnotation: 'backstage.io/kubernetes-id' }),
      ),
    );
    await renderCard();
    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
  });

  it('shows the backend error naming the system that failed', async () => {
    server.use(
      http.get(`${BACKEND}/routes`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                'Kong Admin API at http://kong-admin:8001 did not answer GET /plugins within 5000 ms',
            },
            request: { method: 'GET', url: '/api/kong/routes' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderCard();
    const messages = await screen.findAllByText(
      /Kong Admin API at http:\/\/kong-admin:8001 did not answer GET \/plugins within 5000 ms/,
    );
    expect(messages.length).toBeGreaterThan(0);
  });
});
