import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse } from 'yaml';
import { FakeArgoCd } from './argocd/__testUtils__/FakeArgoCd';
import { GitHttpTestServer } from '@internal/plugin-ops-node/testUtils';
import { FakeKeycloak } from './keycloak/__testUtils__/FakeKeycloak';
import { scaffolderModuleOps } from './module';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const templateDir = resolve(__dirname, '../../../templates/service');
// The cluster points at a closed port: a step that tried to reach it would fail the run. The
// preflight reads Keycloak, Argo CD and the GitOps repository (read-only, dry runs too).
const closed = 'http://127.0.0.1:1';
const KEYCLOAK = 'http://keycloak.test';
const ARGO = 'http://argocd.test';
const msw = setupServer();
let git: GitHttpTestServer;
let keycloak: FakeKeycloak;
let argo: FakeArgoCd;

beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());
beforeEach(async () => {
  git = await GitHttpTestServer.start();
  keycloak = new FakeKeycloak(KEYCLOAK, {
    realm: 'master',
    clientId: 'ops-portal-admin',
    secret: 'admin-secret',
  });
  keycloak.addRealm('platform');
  argo = new FakeArgoCd(ARGO, 't');
  msw.use(...keycloak.handlers(), ...argo.handlers());
});
afterEach(async () => {
  msw.resetHandlers();
  await git.stop();
});

const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['team-drivers'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-drivers' }],
};

const values = {
  name: 'payments',
  description: 'Takes payments',
  owner: 'group:default/team-drivers',
  system: 'system:default/ops-demo',
  image: 'registry.ops.local/payments:1.0.0',
  port: 8080,
  namespace: 'payments',
  routePath: '/api/payments',
  rateLimitPerSecond: 20,
  auth: 'oidc',
  autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 70 },
  logShipping: true,
};

describe('the new-service template in dry-run (template editor)', () => {
  it('checks the name read-only, renders every manifest and writes to no upstream', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleOps,
        catalogServiceMock.factory({ entities: [guest] }),
        mockServices.rootConfig.factory({
          data: {
            opsPortal: {
              gitops: {
                repoUrl: git.repoUrl,
                fileUrlTemplate: `${closed}/gitops/raw/{branch}/{path}`,
              },
              keycloak: {
                baseUrl: KEYCLOAK,
                realm: 'platform',
                clientId: 'ops-portal-admin',
                clientSecret: 'admin-secret',
              },
              scaffolder: {
                cluster: 'c',
                argocdInstance: 'a',
                argocdProject: 'services',
                allowedImageRegistries: ['registry.ops.local/'],
                gatewayUrl: 'http://localhost:8000',
              },
            },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    { name: 'c', url: closed, serviceAccountToken: 't' },
                  ],
                },
              ],
            },
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [{ name: 'a', url: ARGO, token: 't' }],
                },
              ],
            },
          },
        }),
      ],
    });

    const template = parse(
      readFileSync(`${templateDir}/template.yaml`, 'utf8'),
    );
    const skeleton = readFileSync(`${templateDir}/skeleton/catalog-info.yaml`);
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', mockCredentials.user.header('user:default/guest'))
      .send({
        template,
        values,
        directoryContents: [
          {
            path: 'skeleton/catalog-info.yaml',
            base64Content: skeleton.toString('base64'),
          },
        ],
      });

    expect(res.status).toBe(200);
    const messages = (
      res.body.log as Array<{ body: { message: string; status?: string } }>
    ).map(e => e.body);
    expect(messages.filter(m => m.status === 'failed')).toEqual([]);
    const files = Object.fromEntries(
      (
        res.body.directoryContents as Array<{
          path: string;
          base64Content: string;
        }>
      ).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(
      Object.keys(files)
        .filter(p => p.startsWith('gitops/'))
        .sort(),
    ).toEqual([
      'gitops/apps/payments.yaml',
      'gitops/services/payments/catalog-info.yaml',
      'gitops/services/payments/deployment.yaml',
      'gitops/services/payments/hpa.yaml',
      'gitops/services/payments/ingress.yaml',
      'gitops/services/payments/istio.yaml',
      'gitops/services/payments/kong-plugins.yaml',
      'gitops/services/payments/service.yaml',
    ]);
    expect(files['gitops/services/payments/deployment.yaml']).toContain(
      'image: registry.ops.local/payments:1.0.0',
    );
    expect(files['gitops/services/payments/catalog-info.yaml']).toContain(
      'http://localhost:8000/api/payments',
    );
    expect(messages.map(m => m.message).join('\n')).toContain(
      "Service name 'payments' is free",
    );
    expect(argo.requests.filter(r => !r.startsWith('GET'))).toEqual([]);
    expect(keycloak.createdBodies).toEqual([]);
    expect(git.requests.filter(r => r.path.includes('receive-pack'))).toEqual(
      [],
    );
    // No secret of the portal's config appears anywhere in the answer.
    expect(JSON.stringify(res.body)).not.toContain('admin-secret');
  });
});
