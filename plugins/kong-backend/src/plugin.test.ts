import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadSandboxConfig, Sandbox, SandboxConfig } from '@internal/sandbox';
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
  let dataDir: string;
  let sandbox: Sandbox;
  let token: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kong-plugin-'));
    const config = await loadSandboxConfig();
    const onFreePorts = Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        value && typeof value === 'object' && 'port' in value
          ? { ...value, port: 0 }
          : value,
      ]),
    ) as unknown as SandboxConfig;
    token = config.kubernetes.token;
    sandbox = await Sandbox.start({
      ...onFreePorts,
      dataDir,
      argocdPollSeconds: 0.2,
    });
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** A Kong proxy Deployment with three replicas, which the sandbox's controller makes ready. */
  async function deployKong() {
    const kube = (apiPath: string, body: object) =>
      fetch(`${sandbox.urls.kubernetes}${apiPath}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
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
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sandbox',
                      url: sandbox.urls.kubernetes,
                      serviceAccountToken: token,
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            opsPortal: {
              kong: {
                source: 'kubernetes',
                cluster: 'sandbox',
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
