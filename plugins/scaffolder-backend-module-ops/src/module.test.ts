import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleOps } from './module';

describe('scaffolderModuleOps', () => {
  it('adds the five actions to the scaffolder, each with its schema', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleOps,
        catalogServiceMock.factory(),
        // No opsPortal block: the actions still register and name the missing key when run.
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const res = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const ours = (res.body as Array<{ id: string; schema?: any }>).filter(a =>
      [
        'ops:service:preflight',
        'ops:service:render',
        'keycloak:client:create',
        'gitops:publish',
        'argocd:app:create',
      ].includes(a.id),
    );
    expect(ours.map(a => a.id).sort()).toEqual([
      'argocd:app:create',
      'gitops:publish',
      'keycloak:client:create',
      'ops:service:preflight',
      'ops:service:render',
    ]);
    for (const action of ours) {
      expect(action.schema.input.type).toBe('object');
    }
  });
});
