import fs from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'yaml';
import request from 'supertest';
import { argoCdActionsPlugin } from './plugin';
import { component } from './__testUtils__/actionsBackend';

describe('argoCdActionsPlugin', () => {
  it('starts with the repository dev config (app-config.yaml) and registers its permissions', async () => {
    const data = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../app-config.yaml'),
        'utf8',
      ),
    );
    const permissionsRegistry = mockServices.permissionsRegistry.mock();
    const { server } = await startTestBackend({
      features: [
        argoCdActionsPlugin,
        catalogServiceMock.factory({ entities: [component('docs', {})] }),
        mockServices.rootConfig.factory({ data }),
        permissionsRegistry.factory,
      ],
    });
    expect(permissionsRegistry.addPermissions).toHaveBeenCalledWith([
      expect.objectContaining({ name: 'ops.argocd.sync' }),
      expect.objectContaining({ name: 'ops.argocd.rollback' }),
    ]);
    const response = await request(server)
      .get('/api/argocd-actions/state')
      .query({ entityRef: 'component:default/docs' });
    expect(response.status).toBe(200);
    expect(response.body.missingAnnotation).toBe('argocd/app-name');
  });

  it('refuses to start without an Argo CD instance', async () => {
    await expect(
      startTestBackend({
        features: [
          argoCdActionsPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({ data: {} }),
        ],
      }),
    ).rejects.toThrow(
      "Missing config 'opsPortal.argocdActions.argocdInstance'",
    );
  });
});
