import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import request from 'supertest';
import { kongPlugin } from './plugin';

// The driver entity as catalog/ops-demo.yaml declares it.
const driver = {
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
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

describe('kong plugin with the kubernetes source', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
  });

  /** A Kong proxy Deployment with three replicas, which the sandbox's controller makes ready. */
  async function deployKong() {
    const kube = (apiPath: string, body: object) =>
      fetch(`${env.urls.kubernetes}${apiPath}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${env.credentials.kubernetes.writerToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    await kube('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kong' },
    });
    const labels = { app: 'kong-gateway' };
    await kube('/apis/apps/v1/namespaces/kong/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'kong-gateway', namespace: 'kong', labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'proxy', image: 'kong:3.9' }] },
        },
      },
    });
  }

  it('serves the demo driver service as KIC would configure it', async () => {
    await deployKong();
    const { server } = await startTestBackend({
      features: [
        kongPlugin,
        catalogServiceMock.factory({ entities: [driver] }),
        mockServices.rootConfig.factory({
          data: {
            ...env.portalConfig,
            opsPortal: {
              ...env.portalConfig.opsPortal,
              kong: {
                ...env.portalConfig.opsPortal.kong,
                proxyReplicas: 1,
                proxyDeployment: 'kong/kong-gateway',
                // The test polls while the sandbox syncs: every read goes to the cluster.
                cacheTtlSeconds: 0,
              },
            },
          },
        }),
      ],
    });

    // The Argo CD stand-in syncs the demo services shortly after start.
    let body: any;
    const deadline = Date.now() + 20_000;
    do {
      const response = await request(server)
        .get('/api/kong/routes')
        .query({ entityRef: 'component:default/driver' });
      expect(response.status).toBe(200);
      body = response.body;
      const rateLimit = body.plugins.find(
        (p: any) => p.plugin === 'rate-limiting',
      );
      if (rateLimit?.warnings.length && body.upstreams[0]?.targets.length) {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    } while (Date.now() < deadline);

    expect(body.source).toBe('kubernetes');
    expect(body.routes.map((r: any) => r.paths)).toEqual([['/api/driver']]);
    expect(body.plugins.map((p: any) => p.plugin).sort()).toEqual([
      'oidc',
      'prometheus',
      'rate-limiting',
      'tcp-log',
    ]);
    // oidc authenticates, so the header limit is fine; local policy on three Kong nodes is not.
    expect(
      body.plugins.find((p: any) => p.plugin === 'rate-limiting').warnings,
    ).toEqual([
      'policy local with 3 Kong replicas: limits are counted per Kong node, so a client may get up to 3× the limit',
    ]);
    expect(
      body.plugins.find((p: any) => p.plugin === 'prometheus').warnings,
    ).toEqual([]);
    expect(body.upstreams[0]).toMatchObject({
      name: 'driver.driver.80.svc',
      healthSource: 'pods',
    });
    expect(body.warnings).toEqual([]);
  });
});
