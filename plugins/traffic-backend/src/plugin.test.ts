import fs from 'node:fs';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'yaml';
import request from 'supertest';
import { trafficPlugin } from './plugin';
import { component } from './__testUtils__/trafficSandbox';

describe('trafficPlugin', () => {
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
        trafficPlugin,
        catalogServiceMock.factory({ entities: [component('docs', {})] }),
        mockServices.rootConfig.factory({ data }),
        permissionsRegistry.factory,
      ],
    });
    expect(permissionsRegistry.addPermissions).toHaveBeenCalledWith([
      expect.objectContaining({ name: 'ops.traffic.update' }),
      expect.objectContaining({ name: 'ops.resilience.update' }),
    ]);
    const response = await request(server)
      .get('/api/traffic/state')
      .query({ entityRef: 'component:default/docs' });
    expect(response.status).toBe(200);
    expect(response.body.notConfigured.annotation).toBe(
      'backstage.io/kubernetes-id',
    );
  });

  it('refuses to start without opsPortal.traffic', async () => {
    await expect(
      startTestBackend({
        features: [
          trafficPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({ data: {} }),
        ],
      }),
    ).rejects.toThrow("Missing config 'opsPortal.traffic'");
  });
});
