import fs from 'node:fs';
import net from 'node:net';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import { runGit } from '../git/runGit';

// Starts every stand-in and a git server: room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Whether something accepts TCP connections on the loopback port. */
function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startTestSandbox', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox({
      kubernetes: { readerToken: 'reader-k', writerToken: 'writer-k' },
      elasticsearch: { apiKey: 'es-key' },
      applicationsOnGitServer: ['nginx-ab'],
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('listens on free loopback ports, none of the development ones', () => {
    const ports = Object.values(env.urls).map(portOf);
    for (const url of Object.values(env.urls)) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
    }
    for (const port of [7171, 7172, 7173, 7174, 7175, 7176]) {
      expect(ports).not.toContain(port);
    }
  });

  it("points the portal config's clusters and instances at the live stand-ins", async () => {
    const { portalConfig, credentials } = env;
    const cluster =
      portalConfig.kubernetes.clusterLocatorMethods[0].clusters[0];
    expect(cluster).toMatchObject({
      name: 'sandbox',
      url: env.urls.kubernetes,
      serviceAccountToken: 'reader-k',
    });
    const namespaces = await fetch(`${cluster.url}/api/v1/namespaces`, {
      headers: { authorization: `Bearer ${cluster.serviceAccountToken}` },
    });
    expect(namespaces.status).toBe(200);
    // The reader token cannot write; the writer's (opsPortal.kubernetes.writers) can.
    const create = (token: string, name: string) =>
      fetch(`${cluster.url}/api/v1/namespaces`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ metadata: { name } }),
      });
    expect(
      (await create(cluster.serviceAccountToken, 'by-reader')).status,
    ).toBe(403);
    const writer = portalConfig.opsPortal.kubernetes.writers[0];
    expect(writer).toEqual({
      cluster: 'sandbox',
      serviceAccountToken: 'writer-k',
    });
    expect((await create(writer.serviceAccountToken, 'by-writer')).status).toBe(
      201,
    );

    const instance = portalConfig.argocd.appLocatorMethods[0].instances[0];
    expect(instance.url).toBe(env.urls.argocd);
    const apps = await fetch(`${instance.url}/api/v1/applications`, {
      headers: { authorization: `Bearer ${instance.token}` },
    });
    expect(apps.status).toBe(200);
    const argoWriter = portalConfig.opsPortal.argocd.writers[0];
    expect(argoWriter.token).toBe(credentials.argocd.writerToken);
    expect(argoWriter.token).not.toBe(instance.token);
  });

  it('points the GitOps, Keycloak and Elasticsearch keys at the live stand-ins', async () => {
    const { gitops, keycloak, logs } = env.portalConfig.opsPortal;
    expect(gitops.repoUrl).toBe(env.urls.gitopsRepository);
    const raw = await fetch(
      gitops.fileUrlTemplate
        .replace('{branch}', 'main')
        .replace('{path}', 'apps/driver.yaml'),
    );
    expect(raw.status).toBe(200);
    expect(await raw.text()).toContain('name: driver');

    const token = await fetch(
      `${keycloak.baseUrl}/realms/${keycloak.adminRealm}/protocol/openid-connect/token`,
      {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: keycloak.clientId,
          client_secret: keycloak.clientSecret,
        }),
      },
    );
    expect(token.status).toBe(200);

    const count = (key: string) =>
      fetch(`${logs.elasticsearch.url}/${logs.elasticsearch.index}/_count`, {
        headers: { authorization: `ApiKey ${key}` },
      });
    expect(logs.elasticsearch.apiKey).toBe('es-key');
    expect((await count('es-key')).status).toBe(200);
    expect((await count('wrong')).status).toBe(401);
  });

  it('moves only the Applications asked for onto the bound git address', async () => {
    const show = (file: string) =>
      runGit(['show', `refs/heads/main:${file}`], {
        cwd: env.sandbox.git.repoPath,
      });
    expect(await show('apps/nginx-ab.yaml')).toContain(
      `repoURL: ${env.urls.gitopsRepository}`,
    );
    expect(await show('apps/driver.yaml')).toContain(
      'repoURL: http://127.0.0.1:7173/gitops.git',
    );
  });

  it('commits to the GitOps repository as another writer', async () => {
    const sha = await env.commitToGitops(
      { 'notes/readme.txt': 'hello\n' },
      'a note',
    );
    const head = await runGit(['rev-parse', 'refs/heads/main'], {
      cwd: env.sandbox.git.repoPath,
    });
    expect(head.trim()).toBe(sha);
    const author = await runGit(['log', '-1', '--format=%an <%ae> %s', sha], {
      cwd: env.sandbox.git.repoPath,
    });
    expect(author.trim()).toBe('Other Developer <other@example.com> a note');
    await expect(
      env.commitToGitops({ '../outside.txt': 'x' }, 'escape'),
    ).rejects.toThrow('../outside.txt is outside the repository');
  });
});

describe('startTestSandbox stop', () => {
  it('frees every port and removes its state folder', async () => {
    const env = await startTestSandbox();
    const ports = Object.values(env.urls).map(portOf);
    expect(await Promise.all([...new Set(ports)].map(accepts))).not.toContain(
      false,
    );
    await env.stop();
    expect(await Promise.all([...new Set(ports)].map(accepts))).not.toContain(
      true,
    );
    expect(fs.existsSync(env.dataDir)).toBe(false);
  });

  it('keeps the Elasticsearch stand-in open without an API key', async () => {
    const env = await startTestSandbox();
    try {
      const { elasticsearch } = env.portalConfig.opsPortal.logs;
      expect(elasticsearch.apiKey).toBeUndefined();
      const res = await fetch(`${elasticsearch.url}/logs-*/_count`);
      expect(res.status).toBe(200);
    } finally {
      await env.stop();
    }
  });
});
