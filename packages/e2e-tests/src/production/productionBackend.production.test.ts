/*
 * The production backend as the image runs it: built by packages/backend/scripts/build-production.sh
 * (the Dockerfile's commands), started with `node packages/backend --config app-config.yaml --config
 * app-config.production.yaml`, NODE_ENV=production and configuration from environment variables
 * only, on a throwaway PostgreSQL (scripts/with-postgres.sh), a throwaway Redis and the sandbox.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import { ManagedProcess } from '../harness/ManagedProcess';
import { poll, PollGiveUp } from '../harness/poll';
import { repoRoot } from '../harness/stack';
import { startCatalogHost } from './catalogHost';
import { freePort } from './freePort';
import { postgresFromEnv, productionBuild } from './productionBuild';
import { productionTestEnvironment } from './productionEnvironment';
import { startTestRedis, TestRedis } from './redisServer';

const logDir = join(repoRoot, 'artifacts', 'production');
const USER = 'user:default/ana';

describe('the production backend (image build, NODE_ENV=production, PostgreSQL, Redis)', () => {
  let build: { dir: string; built: boolean };
  let redis: TestRedis;
  let sandbox: TestSandbox;
  let catalog: Awaited<ReturnType<typeof startCatalogHost>>;
  let backend: ManagedProcess;
  let baseUrl: string;

  beforeAll(async () => {
    const postgres = postgresFromEnv();
    build = productionBuild();
    redis = await startTestRedis(logDir);
    // The local platform on free ports, its demo services synced by its Argo CD.
    sandbox = await startTestSandbox();
    catalog = await startCatalogHost(repoRoot);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = productionTestEnvironment({
      baseUrl,
      port,
      postgres,
      redisUrl: redis.url,
      sandbox,
      catalog,
      unusedUrl: `http://127.0.0.1:${await freePort()}`,
      userEntityRef: USER,
    });
    // Nothing of the caller's environment but PATH and HOME: configuration comes from `env` only.
    backend = ManagedProcess.start(
      'production-backend',
      'node',
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      {
        cwd: build.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        cleanEnv: true,
        logDir,
      },
    );
    await poll(
      'the production backend to be ready',
      async () => {
        if (!backend.running)
          throw new PollGiveUp(`backend exited, see ${backend.logFile}`);
        const res = await fetch(
          `${baseUrl}/.backstage/health/v1/readiness`,
        ).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
  }, 1_200_000);

  afterAll(async () => {
    await backend?.stop();
    await catalog?.close();
    await sandbox?.stop();
    await redis?.stop();
    if (build?.built) rmSync(build.dir, { recursive: true, force: true });
  });

  it('answers its readiness endpoint', async () => {
    const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    expect(res.status).toBe(200);
  });

  it('serves the app', async () => {
    const res = await fetch(`${baseUrl}/catalog`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<div id="root">/);
    // The app's config is injected at runtime with the production base URL.
    const script = html.match(/src="([^"]*\/static\/[^"]+\.js)"/);
    expect(script).not.toBeNull();
    expect(await fetch(new URL(script![1], baseUrl)).then(r => r.status)).toBe(
      200,
    );
  });

  it('serves no source maps, and its scripts point at none', async () => {
    const html = await fetch(`${baseUrl}/catalog`).then(r => r.text());
    const scripts = [...html.matchAll(/src="([^"]*\/static\/[^"]+\.js)"/g)].map(
      match => new URL(match[1], baseUrl),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of scripts) {
      const code = await fetch(url).then(r => r.text());
      expect(code).not.toMatch(/sourceMappingURL=/);
      const map = await fetch(`${url.href}.map`);
      // A missing static file is a 404, never the app's index.html in its place.
      expect(map.status).toBe(404);
    }
  });

  it('reads the Kong card from the sandbox with a signed-in user token, and caches it in Redis', async () => {
    const signIn = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(signIn.status).toBe(200);
    const identity = (await signIn.json()) as {
      backstageIdentity: { token: string; identity: { userEntityRef: string } };
    };
    expect(identity.backstageIdentity.identity.userEntityRef).toBe(USER);
    const token = identity.backstageIdentity.token;

    // The catalog ingests the demo services, the sandbox's Argo CD syncs driver's Kong resources.
    const body = await poll(
      "driver's Kong routes through /api/kong",
      async () => {
        const res = await fetch(
          `${baseUrl}/api/kong/routes?entityRef=component:default/driver`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        if (res.status !== 200) return undefined;
        const routes = (await res.json()) as {
          routes?: Array<{ paths: string[] }>;
        };
        return routes.routes?.some(r => r.paths.includes('/api/driver'))
          ? routes
          : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2000 },
    );
    expect(body.routes).toBeDefined();

    // Backstage's cache client stores `<namespace>:<plugin>:<base64 of the plugin's key>`.
    const kongKeys = (await redis.keys())
      .filter(key => key.startsWith('ops-portal:kong:'))
      .map(key =>
        Buffer.from(key.slice('ops-portal:kong:'.length), 'base64').toString(),
      );
    expect(kongKeys).toContain('routes:kubernetes:driver:driver:');

    // Without the token: refused.
    const anonymous = await fetch(
      `${baseUrl}/api/kong/routes?entityRef=component:default/driver`,
    );
    expect(anonymous.status).toBe(401);
  });
});
