import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import { applyKongWarnings } from '@internal/plugin-kong-common';
import { KubernetesKongSource } from './KubernetesKongSource';
import { KubernetesReader } from './KubernetesReader';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

/** The read-only token the Kong source presents, as the portal's `kubernetes` block holds it. */
let TOKEN = '';

function kongSource(
  url: string,
  options: { token?: string; timeoutMs?: number } = {},
) {
  return new KubernetesKongSource({
    reader: new KubernetesReader(
      {
        name: 'sandbox',
        url,
        serviceAccountToken: options.token ?? TOKEN,
        skipTLSVerify: true,
      },
      options.timeoutMs ?? 5000,
    ),
    ingressClass: 'kong',
    naming: 'kic2',
  });
}

async function until<T>(check: () => Promise<T | undefined>, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

const driver = {
  kubernetesId: 'driver',
  namespace: 'driver',
  kongServices: [],
};

describe('KubernetesKongSource against the sandbox cluster', () => {
  let env: TestSandbox;
  let sandbox: TestSandbox['sandbox'];
  let kube: (method: string, apiPath: string, body?: unknown) => Promise<any>;

  beforeAll(async () => {
    env = await startTestSandbox();
    sandbox = env.sandbox;
    TOKEN = env.credentials.kubernetes.readerToken;
    // The test's own writes use the writer's token.
    const writerToken = env.credentials.kubernetes.writerToken;
    kube = async (method, apiPath, body) => {
      const response = await fetch(`${sandbox.urls.kubernetes}${apiPath}`, {
        method,
        headers: {
          Authorization: `Bearer ${writerToken}`,
          'Content-Type': 'application/json',
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok)
        throw new Error(`${method} ${apiPath}: ${response.status}`);
      return response.json();
    };
    // The Argo CD stand-in syncs the demo services from Git; wait for their pods.
    const hasPods = async (namespace: string) => {
      const pods = await kube('GET', `/api/v1/namespaces/${namespace}/pods`);
      return pods.items.some((p: any) => p.status?.podIP) || undefined;
    };
    await until(() => hasPods('driver'), 'pods in driver');
    await until(() => hasPods('giropops'), 'pods in giropops');
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('reads the driver route, its four plugins and its targets', async () => {
    const result = await kongSource(sandbox.urls.kubernetes).read(driver);

    expect(result.routes).toEqual([
      {
        name: 'driver.driver.00',
        kongService: 'driver.driver.pnum-80',
        paths: ['/api/driver'],
        hosts: [],
        methods: [],
        stripPath: true,
        preserveHost: true,
        protocols: ['http', 'https'],
        backend: { service: 'driver', port: 80 },
      },
    ]);
    const byName = Object.fromEntries(result.plugins.map(p => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual([
      'oidc-driver',
      'prometheus-driver',
      'rl-per-user',
      'tcp-log-driver',
    ]);
    expect(byName['oidc-driver']).toEqual({
      name: 'oidc-driver',
      plugin: 'oidc',
      scope: 'route',
      appliesTo: ['driver.driver.00'],
      enabled: true,
      settings: {
        authType: 'OpenID Connect (community oidc)',
        client_id: 'driver',
        discovery:
          'http://keycloak.iam/realms/driver/.well-known/openid-configuration',
        bearer_only: 'yes',
        secrets: ['/client_secret: secret from Secret driver-oidc-client'],
      },
      warnings: [],
    });
    expect(byName['rl-per-user'].settings).toEqual({
      second: 10,
      limit_by: 'credential',
      policy: 'local',
    });
    expect(byName['prometheus-driver'].settings).toMatchObject({
      status_code_metrics: true,
      latency_metrics: true,
      bandwidth_metrics: true,
      upstream_health_metrics: true,
    });
    expect(byName['tcp-log-driver'].settings).toEqual({
      target: 'fluentd.logs.svc:24224',
      tls: false,
    });
    // The sandbox serves neither EndpointSlices nor Endpoints objects for the Service.
    expect(result.upstreams).toHaveLength(1);
    expect(result.upstreams[0].name).toBe('driver.driver.80.svc');
    expect(result.upstreams[0].healthSource).toBe('pods');
    expect(result.upstreams[0].targets.length).toBeGreaterThan(0);
    for (const target of result.upstreams[0].targets) {
      expect(target).toEqual({
        target: expect.stringMatching(/^10\.244\.\d+\.\d+:8080$/),
        health: 'healthy',
      });
    }
    expect(applyKongWarnings(result.plugins).warnings).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('never returns the client secret the oidc plugin reads from its Secret', async () => {
    const secret = sandbox.keycloak.findClient('driver', 'driver')?.secret;
    expect(secret).toBeTruthy();
    const result = await kongSource(sandbox.urls.kubernetes).read(driver);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('prefers the Endpoints object, with not-ready addresses as unhealthy', async () => {
    await kube('POST', '/api/v1/namespaces/giropops/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'giropops-senhas', namespace: 'giropops' },
      subsets: [
        {
          addresses: [{ ip: '10.1.0.1' }],
          notReadyAddresses: [{ ip: '10.1.0.2' }],
          ports: [{ name: 'http', port: 5000, protocol: 'TCP' }],
        },
      ],
    });
    const result = await kongSource(sandbox.urls.kubernetes).read({
      kubernetesId: 'giropops-senhas',
      namespace: 'giropops',
      kongServices: [],
    });
    expect(result.upstreams).toEqual([
      {
        name: 'giropops-senhas.giropops.80.svc',
        healthSource: 'endpoints',
        targets: [
          { target: '10.1.0.1:5000', health: 'healthy' },
          { target: '10.1.0.2:5000', health: 'unhealthy' },
        ],
      },
    ]);
    expect(result.plugins.map(p => p.name).sort()).toEqual([
      'prometheus-giropops-senhas',
      'rl-giropops-senhas',
    ]);
  });

  it('adds global KongClusterPlugins and warns about plugins that do not exist', async () => {
    await kube('POST', '/apis/configuration.konghq.com/v1/kongclusterplugins', {
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongClusterPlugin',
      metadata: { name: 'global-cors', labels: { global: 'true' } },
      plugin: 'cors',
      config: { origins: ['https://portal.example.com'] },
    });
    await kube(
      'POST',
      '/apis/networking.k8s.io/v1/namespaces/nginx-ab/ingresses',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: 'nginx-ab-admin',
          namespace: 'nginx-ab',
          annotations: {
            'konghq.com/plugins': 'missing-plugin',
            'konghq.com/methods': 'get,post',
            'konghq.com/preserve-host': 'false',
          },
        },
        spec: {
          ingressClassName: 'kong',
          rules: [
            {
              host: 'admin.example.com',
              http: {
                paths: [
                  {
                    path: '/admin',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'nginx-ab', port: { name: 'http' } },
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    );
    const result = await kongSource(sandbox.urls.kubernetes).read({
      kubernetesId: 'nginx-ab',
      namespace: 'nginx-ab',
      kongServices: [],
    });
    const admin = result.routes.find(r =>
      r.hosts.includes('admin.example.com'),
    );
    expect(admin).toEqual({
      name: 'nginx-ab.nginx-ab-admin.00',
      kongService: 'nginx-ab.nginx-ab.pname-http',
      paths: ['/admin'],
      hosts: ['admin.example.com'],
      methods: ['GET', 'POST'],
      stripPath: false,
      preserveHost: false,
      protocols: ['http', 'https'],
      backend: { service: 'nginx-ab', port: 'http' },
    });
    expect(result.plugins.find(p => p.name === 'global-cors')).toMatchObject({
      scope: 'global',
      appliesTo: result.routes.map(r => r.name),
      settings: { origins: ['https://portal.example.com'] },
    });
    expect(result.warnings).toEqual([
      'konghq.com/plugins on Ingress nginx-ab-admin names missing-plugin, which is neither a KongPlugin in namespace nginx-ab nor a KongClusterPlugin: KIC skips it',
    ]);
  });

  it('names the API server when it refuses the token', async () => {
    await expect(
      kongSource(sandbox.urls.kubernetes, { token: 'wrong' }).read(driver),
    ).rejects.toThrow(
      new RegExp(
        `^Kubernetes cluster 'sandbox' refused listing .* \\(401.*check the serviceAccountToken`,
      ),
    );
  });
});

describe('KubernetesKongSource when the API server fails', () => {
  it('names the API server when it is down', async () => {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise(resolve => server.close(resolve));
    await expect(kongSource(url).read(driver)).rejects.toThrow(
      `Kubernetes cluster 'sandbox' is unreachable (ECONNREFUSED)`,
    );
  });

  it('names the API server when it does not answer in time', async () => {
    const server = http.createServer(() => {
      // never answers
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(
        kongSource(url, { timeoutMs: 100 }).read(driver),
      ).rejects.toThrow(
        new RegExp(
          `^Kubernetes cluster 'sandbox' did not answer within 100 ms while `,
        ),
      );
    } finally {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
