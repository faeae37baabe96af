import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Backend } from '@backstage/backend-app-api';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogCollatorModule from '@backstage/plugin-search-backend-module-catalog';
import searchPgEngineModule from '@backstage/plugin-search-backend-module-pg';
import opsPolicyModule from '@internal/plugin-permission-backend-module-ops-policy';
import { opsTrafficUpdatePermission } from '@internal/plugin-ops-common';
import { searchCatalogDocumentModule } from '../modules/searchCatalogDocumentModule';
import { startLoopbackBackend } from '@internal/backend-test-kit';

// The backend on a real PostgreSQL (scripts/with-postgres.sh provides it), with the production
// service implementations: catalog, search with the Postgres engine, permission with the ops policy,
// and auth with guest sign-in as a catalog user.

const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pgtest-driver
  description: Ride booking service
spec: { type: service, lifecycle: production, owner: group:default/team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pgtest-billing
  description: Invoices
spec: { type: service, lifecycle: production, owner: group:default/team-b }
`;

const TIMEOUT_MS = 60_000;

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}: ${last ?? 'no result'}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describe('backend on PostgreSQL', () => {
  const pgUrl = process.env.OPS_TEST_PG_URL;
  let tmpDir: string | undefined;
  let backend: Backend | undefined;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    if (!pgUrl) {
      throw new Error(
        'OPS_TEST_PG_URL is not set; run the integration tests with `yarn test:integration` (scripts/with-postgres.sh)',
      );
    }
    const pg = new URL(pgUrl);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-pg-catalog-'));
    const catalogFile = path.join(tmpDir, 'entities.yaml');
    fs.writeFileSync(catalogFile, ENTITIES);

    ({ backend, baseUrl } = await startLoopbackBackend({
      config: {
        backend: {
          database: {
            client: 'pg',
            connection: {
              host: pg.hostname,
              port: Number(pg.port),
              user: decodeURIComponent(pg.username),
              password: decodeURIComponent(pg.password),
            },
          },
        },
        auth: {
          providers: {
            guest: {
              userEntityRef: 'user:default/alice',
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
        search: {
          collators: {
            catalog: {
              schedule: {
                frequency: { seconds: 3 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 1 },
              },
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
        searchPlugin,
        searchPgEngineModule,
        searchCatalogCollatorModule,
        searchCatalogDocumentModule,
      ],
    }));

    // Sign in once the catalog knows alice and her group, so the token carries her ownership.
    await eventually('the catalog to ingest the entities', async () => {
      const guest = await request(baseUrl).get('/api/auth/guest/refresh');
      const identity = guest.body?.backstageIdentity;
      if (
        !identity?.identity?.ownershipEntityRefs?.includes(
          'group:default/team-a',
        )
      ) {
        return undefined;
      }
      token = identity.token;
      const driver = await request(baseUrl)
        .get('/api/catalog/entities/by-name/component/default/pgtest-driver')
        .set('Authorization', `Bearer ${token}`);
      return driver.status === 200 && driver.body.relations?.length
        ? true
        : undefined;
    });
  }, TIMEOUT_MS * 2);

  afterAll(async () => {
    await backend?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('serves the catalog entities to a signed-in user', async () => {
    const res = await request(baseUrl)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=component' })
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(
      res.body.items
        .map((e: { metadata: { name: string } }) => e.metadata.name)
        .sort(),
    ).toEqual(['pgtest-billing', 'pgtest-driver']);
  });

  it('refuses the catalog without a token', async () => {
    const res = await request(baseUrl).get('/api/catalog/entities/by-query');
    expect(res.status).toBe(401);
  });

  it(
    'finds an entity through search',
    async () => {
      const hit = await eventually(
        'the collator to index the catalog',
        async () => {
          const res = await request(baseUrl)
            .get('/api/search/query')
            .query({ term: 'pgtest-driver' })
            .set('Authorization', `Bearer ${token}`);
          return res.body.results?.find(
            (r: { document: { location: string } }) =>
              r.document.location ===
              '/catalog/default/component/pgtest-driver',
          );
        },
      );
      expect(hit).toMatchObject({
        type: 'software-catalog',
        document: { title: 'pgtest-driver', kind: 'Component' },
      });
    },
    TIMEOUT_MS + 5_000,
  );

  it('keeps the search index in PostgreSQL', async () => {
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const databases = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_%'",
      );
      expect(databases.rows.map(r => r.datname)).toEqual(
        expect.arrayContaining([
          'backstage_plugin_catalog',
          'backstage_plugin_search',
          'backstage_plugin_auth',
        ]),
      );
    } finally {
      await client.end();
    }

    const searchDatabaseUrl = new URL(pgUrl!);
    searchDatabaseUrl.pathname = '/backstage_plugin_search';
    const search = new Client({ connectionString: searchDatabaseUrl.href });
    await search.connect();
    try {
      const docs = await search.query<{ title: string }>(
        "SELECT document->>'title' AS title FROM documents WHERE type = 'software-catalog'",
      );
      expect(docs.rows.map(r => r.title)).toEqual(
        expect.arrayContaining(['pgtest-driver', 'pgtest-billing']),
      );
    } finally {
      await search.end();
    }
  });

  it.each([
    ['the owner', 'component:default/pgtest-driver', 'ALLOW'],
    ['a non-owner', 'component:default/pgtest-billing', 'DENY'],
  ])(
    'decides ops.traffic.update for %s (%s): %s',
    async (_who, ref, result) => {
      const res = await request(baseUrl)
        .post('/api/permission/authorize')
        .set('Authorization', `Bearer ${token}`)
        .send({
          items: [
            {
              id: '1',
              permission: opsTrafficUpdatePermission,
              resourceRef: ref,
            },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([{ id: '1', result }]);
    },
  );
});
