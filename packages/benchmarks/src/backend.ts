import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { Entity } from '@backstage/catalog-model';
import opsPolicyModule from '@internal/plugin-permission-backend-module-ops-policy';
import { startLoopbackBackend } from '@internal/backend-test-kit';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The service whose Ops tab is loaded (`component:default/driver`): Kubernetes id `driver` in namespace `driver`. */
export const driverComponent: Entity = {
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
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

/** The signed-in benchmark user, a member of `team-a` (owner of `driver`). */
const BENCH_USER = 'bench-oncall';

/** The catalog file of the benchmark: `driver`, its owner group and the signed-in user. */
const catalogEntities: Entity[] = [
  driverComponent,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: BENCH_USER, namespace: 'default' },
    spec: { memberOf: ['team-a'] },
  },
];

export interface OpsBackend {
  backend: Awaited<ReturnType<typeof startLoopbackBackend>>['backend'];
  baseUrl: string;
  /** The signed-in user's `Authorization` header (a real Backstage user token). */
  authorization: string;
  /** Stops the backend and removes its catalog file. */
  stop(): Promise<void>;
}

/** Where the Kong card reads: the Kong Ingress Controller resources (default) or the Admin API. */
export type BenchKongSource = 'kubernetes' | 'admin-api';

/** The Kong card's config block for `source`; the cluster is the Kubernetes API stand-in. */
function kongConfig(options: {
  kongSource: BenchKongSource;
  kongAdminUrl: string;
  kongCacheTtlSeconds: number;
}) {
  const { kongSource, kongAdminUrl, kongCacheTtlSeconds } = options;
  return kongSource === 'admin-api'
    ? {
        source: kongSource,
        cacheTtlSeconds: kongCacheTtlSeconds,
        adminApi: { url: kongAdminUrl, timeoutMs: 5000 },
      }
    : {
        source: kongSource,
        cacheTtlSeconds: kongCacheTtlSeconds,
        cluster: 'bench',
      };
}

/**
 * The three backend plugins of the Ops tab in one backend on 127.0.0.1, their upstreams at the
 * given URLs, on the portal's production path for who is asking and what they may see: the
 * production service implementations, the auth backend (guest sign-in as a member of the owner
 * group, so every call carries a real user token), the catalog backend (SQLite in memory, one
 * file location: `driver`, `team-a`, the user) and the permission backend with the ops policy. So
 * each entity lookup of an ops plugin is what it is in the portal: an HTTP request to the catalog
 * with the user's token, whose read permission is decided by the permission backend. `cacheTtlSeconds: 0` turns the metrics query cache off, `kongCacheTtlSeconds: 0`
 * the cache of the Kong source's whole read.
 */
export async function startOpsBackend(options: {
  prometheusUrl: string;
  kongAdminUrl: string;
  kubeApiUrl: string;
  elasticsearchUrl: string;
  cacheTtlSeconds: number;
  kongSource: BenchKongSource;
  kongCacheTtlSeconds: number;
}): Promise<OpsBackend> {
  const catalogDir = await mkdtemp(join(tmpdir(), 'bench-ops-catalog-'));
  const catalogFile = join(catalogDir, 'catalog.yaml');
  await writeFile(
    catalogFile,
    // JSON documents are YAML documents.
    catalogEntities.map(entity => JSON.stringify(entity)).join('\n---\n'),
  );
  const { backend, baseUrl } = await startLoopbackBackend({
    config: {
      backend: {
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      auth: {
        providers: {
          guest: {
            userEntityRef: `user:default/${BENCH_USER}`,
            dangerouslyAllowOutsideDevelopment: true,
          },
        },
      },
      catalog: {
        rules: [{ allow: ['Component', 'Group', 'User'] }],
        locations: [{ type: 'file', target: catalogFile }],
      },
      permission: {
        enabled: true,
        opsPolicy: { adminGroups: ['group:default/platform-admins'] },
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'bench',
                url: options.kubeApiUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'bench-reader',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      opsPortal: {
        // Entity reads shared only while in flight: every load reads the catalog, as with
        // distinct users (the benchmark's virtual users all sign in as the same user).
        entityCache: { ttlSeconds: 0 },
        metrics: {
          prometheus: [
            { name: 'main', url: options.prometheusUrl, timeoutMs: 5000 },
          ],
          cacheTtlSeconds: options.cacheTtlSeconds,
        },
        kong: kongConfig(options),
        logs: {
          elasticsearch: {
            url: options.elasticsearchUrl,
            index: 'logs-*',
            timeoutMs: 5000,
          },
        },
      },
    },
    features: [
      authPlugin,
      guestProviderModule,
      catalogPlugin,
      permissionPlugin,
      opsPolicyModule,
      import('@internal/plugin-metrics-backend'),
      import('@internal/plugin-kong-backend'),
      import('@internal/plugin-logs-backend'),
    ],
  });
  const stop = async () => {
    await backend.stop();
    await rm(catalogDir, { recursive: true, force: true });
  };
  try {
    const token = await signInWhenCatalogIsReady(baseUrl);
    return { backend, baseUrl, authorization: `Bearer ${token}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Signs in as the guest once the catalog has processed its file: the token then carries the
 * membership of `team-a`, and `driver` is there to be read. Gives up after 60 s.
 */
async function signInWhenCatalogIsReady(baseUrl: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (refresh.ok) {
      const { backstageIdentity } = (await refresh.json()) as {
        backstageIdentity: {
          token: string;
          identity: { ownershipEntityRefs?: string[] };
        };
      };
      const owner = backstageIdentity.identity.ownershipEntityRefs?.includes(
        'group:default/team-a',
      );
      const entity = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/driver`,
        { headers: { authorization: `Bearer ${backstageIdentity.token}` } },
      );
      if (owner && entity.ok) return backstageIdentity.token;
      last = `member of team-a: ${owner}, driver: ${entity.status}`;
    } else {
      last = `guest sign-in: ${refresh.status}`;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`The benchmark catalog was not ready within 60 s (${last})`);
}
