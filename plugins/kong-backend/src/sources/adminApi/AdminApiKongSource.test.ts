import { setupServer } from 'msw/node';
import { http, HttpResponse, delay } from 'msw';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  ADMIN_URL,
  adminApiHandlers,
} from '../../__testUtils__/adminApiFixtures';
import { AdminApiKongSource, targetHealth } from './AdminApiKongSource';
import { KongAdminClient } from './KongAdminClient';

const server = setupServer(...adminApiHandlers);
registerMswTestHooks(server);

const driver = {
  kubernetesId: 'driver',
  namespace: 'driver',
  kongServices: [],
};

function source(options: { timeoutMs?: number; token?: string } = {}) {
  return new AdminApiKongSource(
    new KongAdminClient({
      url: ADMIN_URL,
      token: options.token,
      tokenHeader: 'Kong-Admin-Token',
      timeoutMs: options.timeoutMs ?? 5000,
    }),
  );
}

describe('AdminApiKongSource', () => {
  it('reads routes, plugins and upstream health of the tagged services', async () => {
    const result = await source().read(driver);
    expect(result.routes).toEqual([
      {
        name: 'driver.driver.00',
        kongService: 'driver.driver.pnum-80',
        paths: ['/api/driver'],
        hosts: [],
        methods: [],
        stripPath: true,
        preserveHost: true,
        protocols: ['http', 'https'],
        backend: { service: 'driver', port: 80 },
      },
    ]);
    const byPlugin = Object.fromEntries(result.plugins.map(p => [p.plugin, p]));
    expect(Object.keys(byPlugin).sort()).toEqual([
      'oidc',
      'prometheus',
      'rate-limiting',
      'tcp-log',
    ]);
    expect(byPlugin.oidc).toMatchObject({
      scope: 'route',
      appliesTo: ['driver.driver.00'],
      settings: {
        authType: 'OpenID Connect (community oidc)',
        client_id: 'driver',
      },
    });
    expect(JSON.stringify(result)).not.toContain('kong-holds-this-secret');
    expect(byPlugin.prometheus).toMatchObject({
      scope: 'service',
      settings: { latency_metrics: false, status_code_metrics: true },
    });
    expect(byPlugin['tcp-log']).toMatchObject({
      scope: 'global',
      appliesTo: ['driver.driver.00'],
      settings: { target: 'fluentd.logs.svc:24224' },
    });
    expect(result.upstreams).toEqual([
      {
        name: 'driver.driver.80.svc',
        healthSource: 'admin-api',
        targets: [
          { target: '10.244.0.7:8080', health: 'healthy' },
          { target: '10.244.0.8:8080', health: 'healthchecks_off' },
        ],
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads the services the entity names and says which are unknown', async () => {
    const result = await source().read({
      ...driver,
      kongServices: ['driver.driver.pnum-80', 'ghost'],
    });
    expect(result.routes).toHaveLength(1);
    expect(result.warnings).toEqual(['Kong has no service named ghost']);
  });

  it('says when no service carries the entity tags', async () => {
    const result = await source().read({ ...driver, kubernetesId: 'other' });
    expect(result.routes).toEqual([]);
    expect(result.warnings[0]).toContain(
      'Kong has no service tagged k8s-namespace:driver and k8s-name:other',
    );
  });

  it('sends the token in the configured header', async () => {
    let seen: string | null = null;
    server.use(
      http.get(`${ADMIN_URL}/plugins`, ({ request }) => {
        seen = request.headers.get('Kong-Admin-Token');
        return HttpResponse.json({ data: [], next: null });
      }),
    );
    await source({ token: 'admin-token' }).read(driver);
    expect(seen).toBe('admin-token');
  });

  it('names the Admin API when it refuses the token', async () => {
    server.use(
      http.get(`${ADMIN_URL}/plugins`, () =>
        HttpResponse.json(
          {
            message: 'Invalid credentials. Token or User credentials required',
          },
          { status: 401 },
        ),
      ),
    );
    await expect(source({ token: 'wrong' }).read(driver)).rejects.toThrow(
      `Kong Admin API refused GET /plugins (401: Invalid credentials. Token or User credentials required); check opsPortal.kong.adminApi.token`,
    );
  });

  it('names the Admin API when it does not answer in time', async () => {
    server.use(
      http.get(`${ADMIN_URL}/plugins`, async () => {
        await delay(1000);
        return HttpResponse.json({ data: [] });
      }),
    );
    await expect(source({ timeoutMs: 50 }).read(driver)).rejects.toThrow(
      `Kong Admin API did not answer GET /plugins within 50 ms`,
    );
  });

  it('names the Admin API when it is unreachable', async () => {
    server.use(http.get(`${ADMIN_URL}/plugins`, () => HttpResponse.error()));
    await expect(source().read(driver)).rejects.toThrow(
      `Kong Admin API is unreachable`,
    );
  });

  it.each([
    ['HEALTHY', 'healthy'],
    ['UNHEALTHY', 'unhealthy'],
    ['DNS_ERROR', 'dns_error'],
    ['HEALTHCHECKS_OFF', 'healthchecks_off'],
    ['something new', 'unknown'],
    [undefined, 'unknown'],
  ])('maps Kong health %s to %s', (health, expected) => {
    expect(targetHealth(health)).toBe(expected);
  });
});
