import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from '../harness/ManagedProcess';
import { poll, PollGiveUp } from '../harness/poll';
import { BackendLaunch, backendUrl, repoRoot } from '../harness/stack';
import { ATTACK_PROVIDER_ID, DEFAULT_USER_HEADER } from './headerSignInModule';

/** This folder in the repository: the attack backend's entry and its catalog file. */
const attackDir = join(repoRoot, 'packages/e2e-tests/src/attack');

/**
 * The environment app-config.production.yaml reads, with every upstream on the local platform
 * (the sandbox's URLs and dev credentials, as app-config.yaml has them).
 */
export const productionEnvironment: Record<string, string> = {
  PORTAL_BASE_URL: backendUrl,
  // Unused: the generated config replaces the database (see attackConfig).
  POSTGRES_HOST: '127.0.0.1',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'unused',
  POSTGRES_PASSWORD: 'unused',
  // Unused: the generated config keeps the cache in memory (see attackConfig).
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_SESSION_SECRET: 'attack-suite-session-secret',
  AUTH_EMAIL_DOMAIN: 'ops-portal.local',
  KEYCLOAK_BASE_URL: 'http://127.0.0.1:7174',
  KEYCLOAK_REALM: 'platform',
  KEYCLOAK_CLIENT_ID: 'ops-portal',
  KEYCLOAK_CLIENT_SECRET: 'sandbox-dev-secret',
  K8S_CLUSTER_NAME: 'sandbox',
  K8S_API_URL: 'http://127.0.0.1:7171',
  K8S_SERVICE_ACCOUNT_TOKEN: 'sandbox-reader-token',
  // Read-only and writer credentials, as app-config.yaml gives them to the local platform.
  K8S_WRITER_TOKEN: 'sandbox-dev-token',
  ARGOCD_INSTANCE_NAME: 'sandbox',
  ARGOCD_URL: 'http://127.0.0.1:7172',
  ARGOCD_TOKEN: 'sandbox-reader-token',
  ARGOCD_WRITER_TOKEN: 'sandbox-dev-token',
  // The AppProject app-config.yaml gives the local platform's Applications.
  ARGOCD_PROJECT: 'default',
  // Unused: the generated config replaces the catalog locations.
  CATALOG_REPO_URL: 'http://127.0.0.1:7173/gitops/raw/main/catalog-info.yaml',
  CATALOG_REPO_HOST: '127.0.0.1:7173',
  OPS_ADMIN_GROUP: 'group:default/platform-admins',
  GITOPS_REPO_URL: 'http://127.0.0.1:7173/gitops.git',
  GITOPS_FILE_URL_TEMPLATE: 'http://127.0.0.1:7173/gitops/raw/{branch}/{path}',
  GITOPS_PUBLISH_MODE: 'commit',
  GITOPS_USERNAME: 'ops-portal',
  GITOPS_TOKEN: 'sandbox-dev-token',
  SCAFFOLDER_KEYCLOAK_CLIENT_ID: 'ops-portal-admin',
  SCAFFOLDER_KEYCLOAK_CLIENT_SECRET: 'sandbox-dev-secret',
  KEYCLOAK_ISSUER_URL: 'http://keycloak.iam/realms/platform',
  EXTERNAL_SECRET_STORE: 'platform-secrets',
  ALLOWED_IMAGE_REGISTRY: 'registry.ops.local/',
  KONG_ROUTE_HOST: 'api.ops.local',
  KONG_PUBLIC_URL: 'http://localhost:8000',
  FLUENTD_HOST: 'fluentd.logs.svc',
  FLUENTD_PORT: '24224',
  KONG_SOURCE: 'kubernetes',
  // Read only when KONG_SOURCE is admin-api; the local platform has no Kong Admin API.
  KONG_ADMIN_URL: 'http://127.0.0.1:7171',
  KONG_ADMIN_TOKEN: 'unused',
  PROMETHEUS_URL: 'http://127.0.0.1:9090',
  GRAFANA_DASHBOARD_URL: 'http://localhost:3001/d/ops',
  KIBANA_URL: 'http://localhost:5601',
  KIBANA_DATA_VIEW_ID: 'logs-*',
  ELASTICSEARCH_URL: 'http://127.0.0.1:7176',
  ELASTICSEARCH_LOG_INDEX: 'logs-*',
  ELASTICSEARCH_API_KEY: 'unused',
};

/**
 * Variables app-config.production.yaml leaves out on purpose here: the cluster CA (the local
 * platform's Kubernetes API is plain HTTP on loopback).
 */
const LEFT_UNSET = new Set(['K8S_CA_DATA']);

/**
 * The `${VAR}` names app-config.production.yaml reads (environment variables are upper case;
 * `${namespace}` and the like are placeholders of URL templates).
 */
export function productionVariables(): string[] {
  const text = readFileSync(
    join(repoRoot, 'app-config.production.yaml'),
    'utf8',
  );
  return [
    ...new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map(m => m[1])),
  ];
}

/** The production environment; fails on a variable this suite does not know yet. */
export function attackEnvironment(): Record<string, string> {
  const unknown = productionVariables().filter(
    name => !(name in productionEnvironment) && !LEFT_UNSET.has(name),
  );
  if (unknown.length > 0) {
    throw new Error(
      `app-config.production.yaml reads ${unknown.join(', ')}; give ${
        unknown.length === 1 ? 'it' : 'them'
      } a local-platform value in src/attack/attackStack.ts`,
    );
  }
  const env: Record<string, string> = {};
  for (const name of productionVariables()) {
    if (name in productionEnvironment) env[name] = productionEnvironment[name];
  }
  return env;
}

/**
 * The generated config, last on the command line: only what cannot be production here.
 * - Database: SQLite in memory instead of PostgreSQL (the suite needs no state across runs; the
 *   permission, catalog and scaffolder code paths are the same on both).
 * - Cache: memory instead of Redis (one process; the production test in src/production runs
 *   the built backend on PostgreSQL and Redis).
 * - Catalog: the demo catalog file and the attack catalog instead of the production repository.
 * - Sign-in: the test-only header provider next to OIDC (OIDC needs a browser and Keycloak).
 * - Keycloak admin realm: the local platform's admin client lives in `master`.
 * - The cluster's TLS: the local platform's Kubernetes API is plain HTTP on loopback, which the
 *   Kubernetes backend accepts only with skipTLSVerify; name, URL and read-only token stay the
 *   production variables.
 * Written as JSON, which YAML reads as it is.
 */
export function attackConfig(sandboxDataDir: string): object {
  return {
    sandbox: { dataDir: sandboxDataDir },
    backend: {
      database: { client: 'better-sqlite3', connection: ':memory:' },
      cache: { store: 'memory' },
    },
    auth: {
      providers: {
        [ATTACK_PROVIDER_ID]: { header: DEFAULT_USER_HEADER },
      },
    },
    catalog: {
      locations: [
        {
          type: 'file',
          target: join(repoRoot, 'catalog-info.yaml'),
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
                'Template',
              ],
            },
          ],
        },
        {
          type: 'file',
          target: join(attackDir, 'attack-catalog.yaml'),
          rules: [{ allow: ['Component', 'User'] }],
        },
      ],
    },
    opsPortal: { keycloak: { adminRealm: 'master' } },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: productionEnvironment.K8S_CLUSTER_NAME,
              url: productionEnvironment.K8S_API_URL,
              authProvider: 'serviceAccount',
              serviceAccountToken:
                productionEnvironment.K8S_SERVICE_ACCOUNT_TOKEN,
              skipTLSVerify: true,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
  };
}

/** Signs in as a catalog user through the test-only provider; returns the Backstage token. */
export async function signIn(user: string): Promise<string> {
  const res = await fetch(
    `${backendUrl}/api/auth/${ATTACK_PROVIDER_ID}/refresh`,
    { headers: { [DEFAULT_USER_HEADER]: user } },
  );
  if (!res.ok) {
    throw new Error(
      `sign-in as ${user}: HTTP ${res.status} ${await res.text()}`,
    );
  }
  const body = (await res.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

/** Entities the suite needs before it starts: the demo services and the attack catalog. */
const READY_ENTITIES = [
  'component/default/driver',
  'component/default/giropops-senhas',
  'component/default/drivers-aimed-at-giropops',
  'component/default/dotdot-names',
  'component/default/slash-names',
  'template/default/ops-service',
  'user/default/dora',
];

/** The portal backend in production mode with the header sign-in (attackBackend.ts). */
export const attackBackend: BackendLaunch = {
  name: 'attack-backend',
  entry: join(attackDir, 'attackBackend.ts'),
  configFiles: ({ dataDir }) => {
    const generated = join(dataDir, 'app-config.attack.yaml');
    writeFileSync(
      generated,
      JSON.stringify(attackConfig(join(dataDir, 'sandbox')), null, 2),
    );
    return [
      join(repoRoot, 'app-config.yaml'),
      join(repoRoot, 'app-config.production.yaml'),
      generated,
    ];
  },
  get env() {
    return { ...attackEnvironment(), NODE_ENV: 'production' };
  },
  ready: async (backend: ManagedProcess) => {
    await poll(
      'the production backend to load the demo and attack catalogs',
      async () => {
        if (!backend.running)
          throw new PollGiveUp(`backend exited, see ${backend.logFile}`);
        // A plugin that fails to start leaves the process running without it.
        const failure = readFileSync(backend.logFile, 'utf8').match(
          /Backend startup failed[^"]*/,
        );
        if (failure) throw new PollGiveUp(`${failure[0]} (${backend.logFile})`);
        const token = await signIn('admin').catch(() => undefined);
        if (!token) return undefined;
        for (const ref of READY_ENTITIES) {
          const res = await fetch(
            `${backendUrl}/api/catalog/entities/by-name/${ref}`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          if (!res.ok) return undefined;
        }
        return true;
      },
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
  },
};
