import {
  mockServices,
  registerMswTestHooks,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ReadThroughCache } from '@internal/plugin-ops-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ADMIN_URL,
  adminApiHandlers,
  upstreamHealth,
} from '../../__testUtils__/adminApiFixtures';
import { AdminApiKongSource } from './AdminApiKongSource';
import { CachedKongAdminClient } from './CachedKongAdminClient';
import { KongAdminClient } from './KongAdminClient';

const server = setupServer(...adminApiHandlers);
registerMswTestHooks(server);

const driver = {
  kubernetesId: 'driver',
  namespace: 'driver',
  kongServices: [],
};
const HEALTH_PATH = '/upstreams/driver.driver.80.svc/health';

/** Every Admin API request's path and query, in the order they arrived. */
function recordRequests(): string[] {
  const seen: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname}${url.search}`);
  });
  return seen;
}

async function cachedSource(ttlSeconds = 60) {
  const cache = await ServiceFactoryTester.from(
    mockServices.cache.factory(),
  ).getSubject('kong');
  const client = new KongAdminClient({
    url: ADMIN_URL,
    tokenHeader: 'Kong-Admin-Token',
    timeoutMs: 5000,
  });
  return new AdminApiKongSource(
    new CachedKongAdminClient(
      client,
      new ReadThroughCache({ cache, ttlSeconds }),
    ),
  );
}

/**
 * Holds the answers to `paths` until every one of them was asked: a source that waited for one
 * of them before asking the next would never be answered (the test would time out).
 */
function answerTogether(paths: string[]) {
  const started = new Set<string>();
  let release = () => {};
  const together = new Promise<void>(resolve => {
    release = resolve;
  });
  server.use(
    ...paths.map(path =>
      http.get(`${ADMIN_URL}${path}`, async ({ request }) => {
        started.add(new URL(request.url).pathname);
        if (started.size === paths.length) release();
        await together;
        return undefined; // the fixture handler answers
      }),
    ),
  );
}

describe('CachedKongAdminClient', () => {
  it('reads the configuration once; a repeated read costs one request, the upstream health', async () => {
    const source = await cachedSource();
    const seen = recordRequests();
    const first = await source.read(driver);
    expect(seen).toHaveLength(7);
    seen.length = 0;

    const second = await source.read(driver);
    expect(seen).toEqual([HEALTH_PATH]);
    expect(second).toEqual(first);
  });

  it('reads the upstream health afresh every time', async () => {
    const source = await cachedSource();
    await source.read(driver);
    server.use(
      http.get(`${ADMIN_URL}${HEALTH_PATH}`, () =>
        HttpResponse.json({
          ...upstreamHealth,
          data: upstreamHealth.data.map(t => ({ ...t, health: 'UNHEALTHY' })),
        }),
      ),
    );
    const second = await source.read(driver);
    expect(second.upstreams[0].targets.map(t => t.health)).toEqual([
      'unhealthy',
      'unhealthy',
    ]);
  });

  it('caches a service Kong does not know, and says so on every read', async () => {
    const source = await cachedSource();
    const target = { ...driver, kongServices: ['ghost'] };
    const seen = recordRequests();
    await source.read(target);
    seen.length = 0;
    const second = await source.read(target);
    expect(seen.filter(p => p.startsWith('/services/ghost'))).toEqual([]);
    expect(second.warnings).toEqual(['Kong has no service named ghost']);
  });

  it('reads everything every time with a TTL of 0', async () => {
    const source = await cachedSource(0);
    const seen = recordRequests();
    await source.read(driver);
    await source.read(driver);
    expect(seen).toHaveLength(14);
  });

  it('asks for the services and the global plugins together', async () => {
    answerTogether(['/services', '/plugins']);
    const result = await (await cachedSource()).read(driver);
    expect(result.routes).toHaveLength(1);
  });

  it("asks for a service's routes, plugins and upstream health together", async () => {
    answerTogether([
      '/services/svc-1/routes',
      '/services/svc-1/plugins',
      HEALTH_PATH,
    ]);
    const result = await (await cachedSource()).read(driver);
    expect(result.upstreams).toHaveLength(1);
  });
});
