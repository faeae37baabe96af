/*
 * N replicas of the production backend on one PostgreSQL and one Redis, behind a round-robin
 * proxy, with the sandbox as the platform. Used by replicas.production.test.ts and the Ops tab
 * replicas benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import { poll } from '../harness/poll';
import { repoRoot } from '../harness/stack';
import { startCatalogHost } from './catalogHost';
import { freePort } from './freePort';
import { HttpTap } from './httpTap';
import { postgresFromEnv, productionBuild } from './productionBuild';
import { productionTestEnvironment } from './productionEnvironment';
import { startTestRedis, TestRedis } from './redisServer';
import { ReplicaProcess } from './replicaProcess';
import { RoundRobinProxy } from './roundRobinProxy';
import { startTestPrometheus, TestPrometheus } from './testPrometheus';

/** The catalog user every request signs in as (a member of team-drivers, driver's owner). */
export const REPLICA_USER = 'user:default/ana';
/** The service template, read from this repository (templates/), as `file` location. */
export const SERVICE_TEMPLATE_REF = 'template:default/ops-service';

export interface ReplicaCluster {
  sandbox: TestSandbox;
  redis: TestRedis;
  /** The Prometheus every replica queries, behind a tap that counts the queries. */
  prometheus: HttpTap;
  /** Per replica (by name): the tap in front of the sandbox's Argo CD that it talks to. */
  argocd: Record<string, HttpTap>;
  replicas: ReplicaProcess[];
  proxy: RoundRobinProxy;
  /** A signed-in user token (valid on every replica: the signing keys are in PostgreSQL). */
  token: string;
  replica(name: string): ReplicaProcess;
  stop(): Promise<void>;
}

/** Replica names: a, b, ... */
const NAMES = ['a', 'b', 'c', 'd'];

/**
 * Starts the platform (sandbox with driver's Application on its git server, so traffic edits are
 * GitOps commits), Redis, a real Prometheus, `count` replicas of the production build (own port,
 * own Argo CD tap, same database under `databasePrefix`, same Redis) and the proxy in front;
 * waits until every replica is ready and the catalog has driver and the service template.
 */
export async function startReplicaCluster(options: {
  count: number;
  logDir: string;
  /** `backend.database.prefix`: each test file gets databases of its own in the shared cluster. */
  databasePrefix: string;
}): Promise<ReplicaCluster> {
  const { count, logDir } = options;
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve(cleanup()).catch(() => undefined);
    }
  };
  try {
    const postgres = postgresFromEnv();
    const build = productionBuild();
    if (build.built) {
      cleanups.push(() => rmSync(build.dir, { recursive: true, force: true }));
    }
    const redis = await startTestRedis(logDir);
    cleanups.push(() => redis.stop());
    const sandbox = await startTestSandbox({
      applicationsOnGitServer: ['driver'],
    });
    cleanups.push(() => sandbox.stop());
    const catalog = await startCatalogHost(repoRoot);
    cleanups.push(() => catalog.close());
    const realPrometheus: TestPrometheus = await startTestPrometheus(
      new URL(sandbox.urls.metrics).host,
      logDir,
    );
    cleanups.push(() => realPrometheus.stop());
    const prometheus = await HttpTap.start(realPrometheus.url);
    cleanups.push(() => prometheus.close());

    const names = NAMES.slice(0, count);
    const ports = await Promise.all(names.map(() => freePort()));
    const proxy = await RoundRobinProxy.start(
      names.map((name, i) => ({ name, url: `http://127.0.0.1:${ports[i]}` })),
    );
    cleanups.push(() => proxy.close());
    const unusedUrl = `http://127.0.0.1:${await freePort()}`;
    const gitHost = new URL(sandbox.urls.git).host;

    const argocd: Record<string, HttpTap> = {};
    const replicas: ReplicaProcess[] = [];
    for (const [i, name] of names.entries()) {
      argocd[name] = await HttpTap.start(sandbox.urls.argocd);
      cleanups.push(() => argocd[name].close());
      // Its own temp folder (template workspaces), as a pod has: replicas share no disk.
      const tmp = mkdtempSync(join(tmpdir(), `ops-replica-${name}-`));
      cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
      const env = {
        ...productionTestEnvironment({
          baseUrl: proxy.url,
          port: ports[i],
          postgres,
          redisUrl: redis.url,
          sandbox,
          catalog,
          unusedUrl,
          userEntityRef: REPLICA_USER,
        }),
        ARGOCD_URL: argocd[name].url,
        PROMETHEUS_URL: prometheus.url,
        // Set in the image (Dockerfile): the scaffolder's isolated sandbox needs it.
        NODE_OPTIONS: '--no-node-snapshot',
        APP_CONFIG_backend_database_prefix: options.databasePrefix,
        TMPDIR: tmp,
        APP_CONFIG_backend_workingDirectory: tmp,
        // The portal's GitOps repository is the sandbox's git server: the register step's
        // catalog-info.yaml URL is read from there.
        APP_CONFIG_backend_reading_allow: JSON.stringify([
          { host: catalog.host },
          { host: gitHost },
        ]),
        // The template and its skeleton from this repository (a url location cannot list the
        // skeleton's files on a plain HTTP host; a git host integration can).
        APP_CONFIG_catalog_locations: JSON.stringify([
          {
            type: 'url',
            target: catalog.url,
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Domain',
                  'Group',
                  'User',
                ],
              },
            ],
          },
          {
            type: 'file',
            target: join(repoRoot, 'templates/service/template.yaml'),
            rules: [{ allow: ['Template'] }],
          },
        ]),
        // The sandbox's Argo CD has no AppProjects (production names a restricted one).
        APP_CONFIG_opsPortal_scaffolder_allowDefaultProject: 'true',
        // The sandbox's Keycloak admin client lives in realm master (production: KEYCLOAK_REALM).
        APP_CONFIG_opsPortal_keycloak_adminRealm: 'master',
      };
      const replica = new ReplicaProcess(`replica-${name}`, {
        dir: build.dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...env,
        },
        port: ports[i],
        logDir,
      });
      replicas.push(replica);
      cleanups.push(() => replica.terminate());
    }
    // One at a time: the first runs the database migrations, the next start on a migrated database.
    for (const replica of replicas) {
      replica.start();
      await replica.waitReady();
    }
    const token = await signIn(replicas[0].url);
    for (const path of [
      '/api/catalog/entities/by-name/component/default/driver',
      '/api/catalog/entities/by-name/template/default/ops-service',
    ]) {
      await poll(
        `${path} in the catalog`,
        async () => {
          const res = await fetch(`${proxy.url}${path}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return res.status === 200 ? true : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 1000 },
      );
    }
    return {
      sandbox,
      redis,
      prometheus,
      argocd,
      replicas,
      proxy,
      token,
      replica: name => {
        const found = replicas.find(r => r.name === `replica-${name}`);
        if (!found) throw new Error(`no replica ${name}`);
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signs in with the guest provider (allowed by the test environment) and returns the token. */
export async function signIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (res.status !== 200) throw new Error(`sign-in: HTTP ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
