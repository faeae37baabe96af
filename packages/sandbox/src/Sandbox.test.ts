import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SandboxConfig } from './config';
import { Sandbox } from './Sandbox';
import { TRAFFIC_DEFAULTS } from './traffic/TrafficSimulator';
import { GitOpsWorkspace } from './testUtils/GitOpsWorkspace';
import { waitFor } from './testUtils/waitFor';

// Each test starts the whole platform (git repository, first Argo CD sync, pods) and waits for
// it: seconds on a quiet machine, far more when the test run shares two cores with others.
jest.setTimeout(60_000);

describe('Sandbox', () => {
  let dataDir: string;
  let sandbox: Sandbox | undefined;
  let workspace: GitOpsWorkspace | undefined;

  const config = (): SandboxConfig => ({
    kubernetes: { host: '127.0.0.1', port: 0, token: 'kube-token' },
    argocd: { host: '127.0.0.1', port: 0, token: 'argo-token' },
    git: { host: '127.0.0.1', port: 0, repository: 'gitops' },
    keycloak: {
      host: '127.0.0.1',
      port: 0,
      realms: ['platform', 'driver'],
      adminClientId: 'ops-portal-admin',
      adminClientSecret: 'kc-secret',
      adminUsername: 'admin',
      adminPassword: 'admin',
    },
    metrics: { host: '127.0.0.1', port: 0 },
    elasticsearch: { host: '127.0.0.1', port: 0 },
    traffic: { ...TRAFFIC_DEFAULTS, tickSeconds: 0.1 },
    dataDir,
    argocdPollSeconds: 0.2,
    customResources: [],
  });

  const kubeGet = async (apiPath: string) => {
    const response = await fetch(`${sandbox!.urls.kubernetes}${apiPath}`, {
      headers: { Authorization: 'Bearer kube-token' },
    });
    expect(response.status).toBe(200);
    return response.json();
  };

  const runningPods = async (namespace: string) => {
    const pods = await kubeGet(`/api/v1/namespaces/${namespace}/pods`);
    return pods.items.filter((p: any) => p.status?.phase === 'Running');
  };

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-e2e-'));
  });

  afterEach(async () => {
    await workspace?.remove();
    workspace = undefined;
    await sandbox?.stop();
    sandbox = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts with the demo services synced and their pods running', async () => {
    sandbox = await Sandbox.start(config());

    const driverPods = await waitFor(
      async () => {
        const pods = await runningPods('driver');
        return pods.length >= 2 && pods;
      },
      { what: 'driver pods to run' },
    );
    expect(driverPods[0].metadata.labels).toMatchObject({
      app: 'driver',
      'backstage.io/kubernetes-id': 'driver',
    });
    const app = await fetch(
      `${sandbox.urls.argocd}/api/v1/applications/driver`,
      {
        headers: { Authorization: 'Bearer argo-token' },
      },
    ).then(r => r.json());
    expect(app.status.sync.status).toBe('Synced');
    await expect(
      fs.stat(path.join(dataDir, 'git', 'gitops.git', 'HEAD')),
    ).resolves.toBeTruthy();
  });

  it('rolls out a pushed image change to running pods', async () => {
    sandbox = await Sandbox.start(config());
    workspace = await GitOpsWorkspace.clone(sandbox.urls.gitopsRepository);
    const file = 'services/nginx-ab/deployment-v2.yaml';
    const edited = (await workspace.read(file)).replace(
      'nginx:1.27-v2',
      'nginx:1.28-v2',
    );
    await workspace.commitAndPush({ [file]: edited }, 'Bump nginx v2');

    const v2 = await waitFor(
      async () =>
        (
          await runningPods('nginx-ab')
        ).find(
          (p: any) =>
            p.spec.containers[0].image === 'registry.ops.local/nginx:1.28-v2',
        ),
      { what: 'a v2 pod with the new image' },
    );
    expect(v2.metadata.labels).toMatchObject({
      app: 'nginx-ab',
      version: 'v2',
    });
  });

  it('gives a version pushed with a behaviour annotation its simulated health', async () => {
    sandbox = await Sandbox.start({
      ...config(),
      traffic: {
        ...TRAFFIC_DEFAULTS,
        tickSeconds: 0.1,
        baseErrorRate: 0,
        requestsPerSecondPerReplica: 200,
      },
    });
    workspace = await GitOpsWorkspace.clone(sandbox.urls.gitopsRepository);
    const deployment = 'services/nginx-ab/deployment-v2.yaml';
    const istio = 'services/nginx-ab/istio.yaml';
    const bad = (await workspace.read(deployment)).replace(
      '\n  template:\n    metadata:\n',
      '\n  template:\n    metadata:\n      annotations:\n        sandbox.ops-portal/behaviour: "error-rate=0.5"\n',
    );
    expect(bad).toContain('sandbox.ops-portal/behaviour');
    const split = (await workspace.read(istio))
      .replace('weight: 100', 'weight: 50')
      .replace('weight: 0', 'weight: 50');
    await workspace.commitAndPush(
      { [deployment]: bad, [istio]: split },
      'nginx-ab v2: a bad release at 50 %',
    );

    const destination5xx = (text: string, version: string) =>
      text
        .split('\n')
        .filter(
          line =>
            line.startsWith('istio_requests_total{') &&
            line.includes('reporter="destination"') &&
            line.includes('destination_service_name="nginx-ab"') &&
            line.includes(`destination_version="${version}"`) &&
            /response_code="5\d\d"/.test(line),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const text = await waitFor(
      async () => {
        const body = await (
          await fetch(`${sandbox!.urls.metrics}/metrics`)
        ).text();
        return destination5xx(body, 'v2') >= 50 ? body : undefined;
      },
      { what: '5xx answers from v2', timeoutMs: 30_000 },
    );
    expect(destination5xx(text, 'v1')).toBe(0);
  });

  it('serves Keycloak with the configured admin client and gives the demo service its client secret', async () => {
    sandbox = await Sandbox.start(config());
    const token = await fetch(
      `${sandbox.urls.keycloak}/realms/master/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'ops-portal-admin',
          client_secret: 'kc-secret',
        }),
      },
    ).then(r => r.json());
    const realm = await fetch(
      `${sandbox.urls.keycloak}/admin/realms/platform`,
      {
        headers: { Authorization: `Bearer ${token.access_token}` },
      },
    );
    expect(realm.status).toBe(200);

    const driverClient = sandbox.keycloak.findClient('driver', 'driver');
    expect(driverClient?.secret).toMatch(/^[A-Za-z0-9]{86}$/);
    const secret = await kubeGet(
      '/api/v1/namespaces/driver/secrets/driver-oidc-client',
    );
    expect(Buffer.from(secret.data['client-secret'], 'base64').toString()).toBe(
      driverClient?.secret,
    );
  });

  it('closes its ports on stop', async () => {
    sandbox = await Sandbox.start(config());
    const urls = sandbox.urls;
    await sandbox.stop();
    sandbox = undefined;
    for (const url of [
      urls.kubernetes,
      urls.argocd,
      urls.git,
      urls.keycloak,
      urls.metrics,
    ]) {
      await expect(fetch(url)).rejects.toThrow();
    }
  });
});
