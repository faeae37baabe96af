import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogCollatorModule from '@backstage/plugin-search-backend-module-catalog';
import searchPgEngineModule from '@backstage/plugin-search-backend-module-pg';
import opsPolicyModule from '@internal/plugin-permission-backend-module-ops-policy';
import { startLoopbackBackend } from '@internal/backend-test-kit';
import { JsonObject } from '@backstage/types';
import { searchCatalogDocumentModule } from 'backend/searchCatalogDocumentModule';
import { BENCH_USER } from './entities';

/** The PostgreSQL server the backend stores everything in (scripts/with-postgres.sh). */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The PostgreSQL connection of scripts/with-postgres.sh, from its environment variables. */
export function pgConnectionFromEnv(env = process.env): PgConnection {
  const { OPS_TEST_PG_HOST, OPS_TEST_PG_PORT, OPS_TEST_PG_USER } = env;
  if (!OPS_TEST_PG_HOST || !OPS_TEST_PG_PORT || !OPS_TEST_PG_USER) {
    throw new Error(
      'OPS_TEST_PG_* are not set; run the benchmark with `yarn bench:catalog-scale` (scripts/with-postgres.sh)',
    );
  }
  return {
    host: OPS_TEST_PG_HOST,
    port: Number(OPS_TEST_PG_PORT),
    user: OPS_TEST_PG_USER,
    password: env.OPS_TEST_PG_PASSWORD ?? '',
  };
}

/**
 * The catalog and search of the portal on PostgreSQL, with the production service
 * implementations (`startLoopbackBackend`, 127.0.0.1): the catalog reading one generated file
 * location, search with the Postgres engine, the catalog collator and the portal's search
 * document, the permission backend with the ops policy (catalog reads are open to signed-in
 * users), and guest sign-in as the benchmark user so that callers hold a real user token.
 *
 * The catalog collator runs on the production schedule (every 10 minutes); its first run, a
 * second after start, indexes a catalog still being processed, so the benchmark triggers it again
 * once the catalog is complete (the scheduler's trigger endpoint) and measures before the next
 * scheduled run.
 */
export async function startCatalogScaleBackend(options: {
  pg: PgConnection;
  catalogFile: string;
}) {
  const config: JsonObject = {
    backend: {
      database: { client: 'pg', connection: { ...options.pg } },
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
      rules: [{ allow: ['Component', 'System', 'Group', 'User'] }],
      locations: [{ type: 'file', target: options.catalogFile }],
    },
    permission: {
      enabled: true,
      opsPolicy: { adminGroups: ['group:default/platform-admins'] },
    },
    search: {
      collators: {
        catalog: {
          schedule: {
            frequency: { minutes: 10 },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 1 },
          },
        },
      },
    },
  };
  return startLoopbackBackend({
    config,
    features: [
      authPlugin,
      guestProviderModule,
      catalogPlugin,
      permissionPlugin,
      opsPolicyModule,
      searchPlugin,
      searchPgEngineModule,
      searchCatalogCollatorModule,
      searchCatalogDocumentModule,
    ],
  });
}
