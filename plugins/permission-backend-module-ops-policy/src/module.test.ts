import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Backend } from '@backstage/backend-app-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  opsArgoCdRollbackPermission,
  opsArgoCdSyncPermission,
  opsTrafficUpdatePermission,
} from '@internal/plugin-ops-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModuleOpsPolicy from './index';
import { actorPreservingAuthServiceFactory } from './__testUtils__/actorPreservingAuthServiceFactory';
import { startLoopbackBackend } from '@internal/backend-test-kit';

// Each user's ownership refs: the user itself plus the groups they belong to.
const OWNERSHIP: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-drivers'],
  'user:default/bob': ['user:default/bob', 'group:default/team-other'],
  'user:default/ada': ['user:default/ada', 'group:default/platform-admins'],
};

const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: driver
spec:
  type: service
  lifecycle: production
  owner: group:default/team-drivers
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
spec:
  type: service
  lifecycle: production
  owner: group:default/team-other
`;

// Every audit event of the test backend (all plugins), as eventId and meta.
const auditEvents: Array<{ eventId: string; meta?: JsonObject }> = [];
const auditor = mockServices.auditor.mock({
  async createEvent({ eventId, meta }) {
    auditEvents.push({ eventId, meta });
    return { success: async () => {}, fail: async () => {} };
  },
});

describe('permissionModuleOpsPolicy with the permission and catalog backends', () => {
  let tmpDir: string;
  let backend: Backend | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-policy-'));
    const catalogFile = path.join(tmpDir, 'entities.yaml');
    fs.writeFileSync(catalogFile, ENTITIES);

    ({ backend, baseUrl } = await startLoopbackBackend({
      config: {
        permission: {
          enabled: true,
          opsPolicy: { adminGroups: ['group:default/platform-admins'] },
        },
        catalog: {
          rules: [{ allow: ['Component'] }],
          locations: [{ type: 'file', target: catalogFile }],
        },
      },
      features: [
        permissionPlugin,
        permissionModuleOpsPolicy,
        catalogPlugin,
        // Test doubles for identity: mock tokens name the user, the map above gives their groups.
        mockServices.database.factory(),
        auditor.factory,
        mockServices.httpAuth.factory(),
        actorPreservingAuthServiceFactory,
        mockServices.userInfo.mock({
          async getUserInfo(credentials) {
            const { userEntityRef } = credentials.principal as {
              userEntityRef: string;
            };
            return {
              userEntityRef,
              ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [userEntityRef],
            };
          },
        }).factory,
      ],
    }));

    // Wait for the catalog to ingest and stitch the entity (its ownedBy relation included).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(baseUrl)
        .get('/api/catalog/entities/by-name/component/default/driver')
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      if (res.status === 200 && res.body.relations?.length) break;
      if (Date.now() > deadline) {
        throw new Error(
          `entity not ingested: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }, 40_000);

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  const authorize = (
    userEntityRef: string,
    permission: typeof opsTrafficUpdatePermission,
  ) =>
    request(baseUrl)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(userEntityRef))
      .send({
        items: [
          {
            id: '1',
            permission,
            resourceRef: 'component:default/driver',
          },
        ],
      });

  // The catalog applies the policy's conditional decision (isEntityOwner) to the entity.
  it.each(
    [
      opsTrafficUpdatePermission,
      opsArgoCdSyncPermission,
      opsArgoCdRollbackPermission,
    ].flatMap(permission =>
      [
        ['the owner', AuthorizeResult.ALLOW, 'user:default/alice'] as const,
        ['a non-owner', AuthorizeResult.DENY, 'user:default/bob'] as const,
        [
          'an admin group member',
          AuthorizeResult.ALLOW,
          'user:default/ada',
        ] as const,
      ].map(
        ([who, expected, user]) =>
          [who, expected, permission.name, user, permission] as const,
      ),
    ),
  )('%s gets %s for %s', async (_who, expected, _name, user, permission) => {
    const res = await authorize(user, permission);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [{ id: '1', result: expected }] });
  });

  it('refuses a request without credentials', async () => {
    const res = await request(baseUrl)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.none.header())
      .send({ items: [] });
    expect(res.status).toBe(401);
  });

  it('allows reads to any signed-in user', async () => {
    const res = await request(baseUrl)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send({
        items: [
          {
            id: 'r',
            permission: {
              type: 'resource',
              name: 'catalog.entity.read',
              attributes: { action: 'read' },
              resourceType: 'catalog-entity',
            },
            resourceRef: 'component:default/driver',
          },
        ],
      });
    expect(res.body).toEqual({
      items: [{ id: 'r', result: AuthorizeResult.ALLOW }],
    });
  });

  it.each(['user:default/bob', 'user:default/ada'])(
    'denies a permission the policy does not name to %s',
    async user => {
      const res = await request(baseUrl)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(user))
        .send({
          items: [
            {
              id: 'u',
              permission: {
                type: 'basic',
                name: 'newplugin.thing.delete',
                attributes: { action: 'delete' },
              },
            },
          ],
        });
      expect(res.body).toEqual({
        items: [{ id: 'u', result: AuthorizeResult.DENY }],
      });
      expect(auditEvents).toContainEqual({
        eventId: 'permission-denied',
        meta: {
          userEntityRef: user,
          permission: 'newplugin.thing.delete',
          resourceType: null,
          reason: 'not-named',
        },
      });
    },
  );

  it('lets only admins register and delete a location through the catalog API', async () => {
    const location = {
      type: 'url',
      target: 'https://git.example.invalid/team-other/catalog-info.yaml',
    };
    const createAs = (user: string) =>
      request(baseUrl)
        .post('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header(user))
        .send(location);
    const deleteAs = (user: string, id: string) =>
      request(baseUrl)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(user));

    // An owner of something is not an admin: no location of their own either.
    expect((await createAs('user:default/alice')).status).toBe(403);
    expect(
      (
        await request(baseUrl)
          .post('/api/catalog/locations?dryRun=true')
          .set('Authorization', mockCredentials.user.header('user:default/bob'))
          .send(location)
      ).status,
    ).toBe(403);
    expect(auditEvents).toContainEqual({
      eventId: 'permission-denied',
      meta: {
        userEntityRef: 'user:default/alice',
        permission: 'catalog.location.create',
        resourceType: null,
        reason: 'admin-only',
      },
    });

    const created = await createAs('user:default/ada');
    expect(created.status).toBe(201);
    const id: string = created.body.location.id;

    expect((await deleteAs('user:default/bob', id)).status).toBe(403);
    expect((await deleteAs('user:default/ada', id)).status).toBe(204);
    const listed = await request(baseUrl)
      .get('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(listed.status).toBe(200);
    expect(
      listed.body.map((l: { data: { target: string } }) => l.data.target),
    ).not.toContain(location.target);
  });

  const entityUid = async (name: string): Promise<string> => {
    const entity = await request(baseUrl)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    return entity.body.metadata.uid;
  };
  const deleteEntityAs = async (user: string, name: string) =>
    request(baseUrl)
      .delete(`/api/catalog/entities/by-uid/${await entityUid(name)}`)
      .set('Authorization', mockCredentials.user.header(user));

  it('lets an admin unregister an entity they do not own', async () => {
    expect((await deleteEntityAs('user:default/alice', 'billing')).status).toBe(
      403,
    );
    expect((await deleteEntityAs('user:default/ada', 'billing')).status).toBe(
      204,
    );
  });

  // Last: the owner's delete removes the entity.
  it('lets only the owner delete the entity through the catalog API', async () => {
    expect((await deleteEntityAs('user:default/bob', 'driver')).status).toBe(
      403,
    );
    expect((await deleteEntityAs('user:default/alice', 'driver')).status).toBe(
      204,
    );
  });
});
