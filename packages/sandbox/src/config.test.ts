import { ConfigReader } from '@backstage/config';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSandboxConfig, readSandboxConfig } from './config';
import { REPOSITORY_ROOT } from './packagePaths';
import { TRAFFIC_DEFAULTS } from './traffic/TrafficSimulator';

const portalConfig = {
  sandbox: {
    git: { url: 'http://127.0.0.1:7173', repository: 'gitops' },
    dataDir: '.sandbox',
    argocdPollSeconds: 2,
  },
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          { name: 'other', url: 'https://k8s.example.com' },
          {
            name: 'sandbox',
            url: 'http://127.0.0.1:7171',
            serviceAccountToken: 'kube-token',
          },
        ],
      },
    ],
    customResources: [
      {
        group: 'networking.istio.io',
        apiVersion: 'v1',
        plural: 'virtualservices',
      },
    ],
  },
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [
          {
            name: 'sandbox',
            url: 'http://127.0.0.1:7172',
            token: 'argo-token',
          },
        ],
      },
    ],
  },
};

describe('readSandboxConfig', () => {
  it('takes addresses and tokens from the entries named sandbox', () => {
    const config = readSandboxConfig(new ConfigReader(portalConfig), '/repo');
    expect(config).toEqual({
      kubernetes: { host: '127.0.0.1', port: 7171, token: 'kube-token' },
      argocd: {
        host: '127.0.0.1',
        port: 7172,
        token: 'argo-token',
        username: undefined,
        password: undefined,
      },
      git: { host: '127.0.0.1', port: 7173, repository: 'gitops' },
      keycloak: {
        host: '127.0.0.1',
        port: 7174,
        realms: ['platform', 'driver'],
        adminClientId: 'ops-portal-admin',
        adminClientSecret: 'sandbox-dev-secret',
        adminUsername: 'admin',
        adminPassword: 'admin',
      },
      metrics: { host: '127.0.0.1', port: 7175 },
      elasticsearch: { host: '127.0.0.1', port: 7176 },
      traffic: TRAFFIC_DEFAULTS,
      dataDir: '/repo/.sandbox',
      argocdPollSeconds: 2,
      argocdOperationDelayMs: 0,
      customResources: [
        {
          group: 'networking.istio.io',
          apiVersion: 'v1',
          plural: 'virtualservices',
        },
      ],
    });
  });

  it('gives the writer tokens full access and the portal tokens read-only access', () => {
    const split = {
      ...portalConfig,
      opsPortal: {
        kubernetes: {
          writers: [
            { cluster: 'other', serviceAccountToken: 'x' },
            { cluster: 'sandbox', serviceAccountToken: 'kube-writer' },
          ],
        },
        argocd: { writers: [{ instance: 'sandbox', token: 'argo-writer' }] },
      },
    };
    const config = readSandboxConfig(new ConfigReader(split), '/repo');
    expect(config.kubernetes).toEqual({
      host: '127.0.0.1',
      port: 7171,
      token: 'kube-writer',
      readerToken: 'kube-token',
    });
    expect(config.argocd).toMatchObject({
      token: 'argo-writer',
      readerToken: 'argo-token',
    });
  });

  it('reads the split of app-config.yaml: reader tokens for the cards, the dev token for writers', async () => {
    const config = await loadSandboxConfig();
    expect(config.kubernetes).toMatchObject({
      token: 'sandbox-dev-token',
      readerToken: 'sandbox-reader-token',
    });
    expect(config.argocd).toMatchObject({
      token: 'sandbox-dev-token',
      readerToken: 'sandbox-reader-token',
    });
  });

  it('reads the keycloak block, leaving master to the sandbox', () => {
    const withKeycloak = {
      ...portalConfig,
      sandbox: {
        ...portalConfig.sandbox,
        keycloak: {
          url: 'http://127.0.0.1:9174',
          realms: ['master', 'apps'],
          adminClientId: 'portal',
          adminClientSecret: 'other-secret',
        },
      },
    };
    const config = readSandboxConfig(new ConfigReader(withKeycloak), '/repo');
    expect(config.keycloak).toEqual({
      host: '127.0.0.1',
      port: 9174,
      realms: ['apps'],
      adminClientId: 'portal',
      adminClientSecret: 'other-secret',
      adminUsername: 'admin',
      adminPassword: 'admin',
    });
    const badUrl = {
      ...portalConfig,
      sandbox: { ...portalConfig.sandbox, keycloak: { url: 'https://kc' } },
    };
    expect(() => readSandboxConfig(new ConfigReader(badUrl))).toThrow(
      /keycloak.url: must be an http:\/\/ URL/,
    );
  });

  it('reads the metrics listener and the traffic settings', () => {
    const withTraffic = {
      ...portalConfig,
      sandbox: {
        ...portalConfig.sandbox,
        metrics: { url: 'http://127.0.0.1:9175' },
        elasticsearch: { url: 'http://127.0.0.1:9176' },
        traffic: {
          seed: 7,
          requestsPerSecondPerReplica: 50,
          kongNaming: 'kic3',
        },
      },
    };
    const config = readSandboxConfig(new ConfigReader(withTraffic), '/repo');
    expect(config.metrics).toEqual({ host: '127.0.0.1', port: 9175 });
    expect(config.elasticsearch).toEqual({ host: '127.0.0.1', port: 9176 });
    expect(config.traffic).toEqual({
      ...TRAFFIC_DEFAULTS,
      seed: 7,
      requestsPerSecondPerReplica: 50,
      kongNaming: 'kic3',
    });
    const badNaming = {
      ...portalConfig,
      sandbox: { ...portalConfig.sandbox, traffic: { kongNaming: 'kic9' } },
    };
    expect(() => readSandboxConfig(new ConfigReader(badNaming))).toThrow(
      /traffic.kongNaming/,
    );
  });

  it('reads the Argo CD operation delay, a whole number of milliseconds', () => {
    const withDelay = (argocdOperationDelayMs: number) =>
      new ConfigReader({
        ...portalConfig,
        sandbox: { ...portalConfig.sandbox, argocdOperationDelayMs },
      });
    expect(readSandboxConfig(withDelay(1500)).argocdOperationDelayMs).toBe(
      1500,
    );
    expect(() => readSandboxConfig(withDelay(-1))).toThrow(
      /argocdOperationDelayMs/,
    );
  });

  it('names the missing entry', () => {
    const withoutArgo = { ...portalConfig, argocd: { appLocatorMethods: [] } };
    expect(() => readSandboxConfig(new ConfigReader(withoutArgo))).toThrow(
      /No entry named 'sandbox' in argocd.appLocatorMethods\[\].instances/,
    );
  });

  it('names the missing key', () => {
    const withoutRepo = {
      ...portalConfig,
      sandbox: {
        ...portalConfig.sandbox,
        git: { url: 'http://127.0.0.1:7173' },
      },
    };
    expect(() => readSandboxConfig(new ConfigReader(withoutRepo))).toThrow(
      /git.repository/,
    );
  });
});

describe('loadSandboxConfig', () => {
  it('reads the repository app-config.yaml', async () => {
    const config = await loadSandboxConfig();
    expect(config.kubernetes.port).toBe(7171);
    expect(config.argocd.port).toBe(7172);
    expect(config.git).toEqual({
      host: '127.0.0.1',
      port: 7173,
      repository: 'gitops',
    });
    expect(config.dataDir).toBe(path.join(REPOSITORY_ROOT, '.sandbox'));
    expect(config.metrics.port).toBe(7175);
    expect(config.keycloak).toMatchObject({
      port: 7174,
      realms: ['platform', 'driver'],
      adminClientId: 'ops-portal-admin',
    });
  });

  it('lets --config files replace the defaults', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-config-'));
    try {
      const file = path.join(dir, 'custom.yaml');
      await fs.writeFile(file, JSON.stringify(portalConfig));
      const config = await loadSandboxConfig({
        argv: ['--config', file],
        rootDir: dir,
      });
      expect(config.kubernetes.token).toBe('kube-token');
      expect(config.dataDir).toBe(path.join(dir, '.sandbox'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
