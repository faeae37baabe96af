import { ConfigReader } from '@backstage/config';
import { ArgoService } from '@roadiehq/backstage-plugin-argo-cd-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { runGit } from '../git/runGit';
import { SEED_AUTHOR } from '../git/seedRepository';
import {
  GitOpsFixture,
  startGitOpsFixture,
} from '../testUtils/startGitOpsFixture';
import { createArgoCdRouter } from './createArgoCdRouter';

const TOKEN = 'test-argo-token';

const logger: any = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  error: () => {},
  child: () => logger,
};

function roadieService(url: string, instance: Record<string, string>) {
  const config = new ConfigReader({
    argocd: {
      appLocatorMethods: [
        { type: 'config', instances: [{ name: 'sandbox', url, ...instance }] },
      ],
    },
  });
  return ArgoService.fromConfig({ config, logger });
}

describe('createArgoCdRouter', () => {
  let fixture: GitOpsFixture;
  let server: http.Server;
  let url: string;
  let argo: ArgoService;

  beforeAll(async () => {
    fixture = await startGitOpsFixture();
    const app = createArgoCdRouter({
      store: fixture.store,
      reconciler: fixture.reconciler,
      token: TOKEN,
      username: 'admin',
      password: 'sandbox-password',
    });
    server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    argo = roadieService(url, { token: TOKEN });
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await fixture.stop();
  });

  describe('through the Roadie Argo CD backend client', () => {
    it('gets an application by name', async () => {
      const app = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        name: 'driver',
      });
      expect(app.metadata.name).toBe('driver');
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.history[0]).toMatchObject({ id: 0 });
      expect(app.instance).toBe('sandbox');
    });

    it('lists applications by label selector', async () => {
      const list = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        selector: 'backstage-name=nginx-ab',
      });
      expect(list.items.map((a: any) => a.metadata.name)).toEqual(['nginx-ab']);
      expect(list.items[0].metadata.instance).toEqual({ name: 'sandbox' });

      const none = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        selector: 'backstage-name=unknown',
      });
      expect(none.items).toEqual([]);
    });

    it('finds the instance that serves an application', async () => {
      await expect(argo.findArgoApp({ name: 'driver' })).resolves.toEqual([
        { name: 'sandbox', url, appName: ['driver'] },
      ]);
      await expect(
        argo.findArgoApp({ selector: 'backstage-name=driver' }),
      ).resolves.toEqual([{ name: 'sandbox', url, appName: ['driver'] }]);
    });

    it('reads revision metadata from Git', async () => {
      const sha = (
        await runGit(['-C', fixture.git.repoPath, 'rev-parse', 'main'])
      ).trim();
      const metadata = await argo.getRevisionData(
        url,
        { name: 'driver' },
        TOKEN,
        sha,
      );
      expect(metadata).toEqual({
        author: `${SEED_AUTHOR.name} <${SEED_AUTHOR.email}>`,
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        message: 'Seed the GitOps repository',
      });
    });

    it('re-syncs applications by selector', async () => {
      const before =
        fixture.reconciler.getApplication('driver')!.status.operationState;
      const result = await argo.resyncAppOnAllArgos({
        appSelector: 'backstage-name=driver',
        terminateOperation: false,
      });
      expect(result).toEqual([
        [{ status: 'Success', message: 'Re-synced driver on sandbox' }],
      ]);
      const after =
        fixture.reconciler.getApplication('driver')!.status.operationState;
      expect(after.operation.initiatedBy).toEqual({ username: 'admin' });
      expect(after).not.toEqual(before);
    });

    it('reports a missing application with the status code of the real server', async () => {
      const info = await argo.getArgoApplicationInfo({
        argoApplicationName: 'nope',
        argoInstanceName: 'sandbox',
      });
      expect(info).toMatchObject({ statusCode: 404, code: 5 });
    });

    it('exchanges username and password for a token', async () => {
      const withPassword = roadieService(url, {
        username: 'admin',
        password: 'sandbox-password',
      });
      const [instance] = withPassword.getArgoInstanceArray();
      await expect(withPassword.getArgoToken(instance)).resolves.toBe(TOKEN);

      const wrong = roadieService(url, {
        username: 'admin',
        password: 'wrong',
      });
      await expect(
        wrong.getArgoToken(wrong.getArgoInstanceArray()[0]),
      ).rejects.toThrow(/unauthorized/i);
    });
  });

  describe('over plain HTTP', () => {
    const call = (
      path: string,
      init: RequestInit = {},
      token: string | null = TOKEN,
    ) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      });

    it('answers 401 without a valid token', async () => {
      const missing = await call('/api/v1/applications', {}, null);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual({
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
      expect((await call('/api/v1/applications', {}, 'wrong')).status).toBe(
        401,
      );
    });

    it('answers 404 with the gRPC-gateway body', async () => {
      const response = await call('/api/v1/applications/nope');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: 'applications.argoproj.io "nope" not found',
        code: 5,
        message: 'applications.argoproj.io "nope" not found',
      });
    });

    it('serves the version without authentication', async () => {
      const response = await call('/api/version', {}, null);
      expect(response.status).toBe(200);
      expect((await response.json()).Version).toMatch(/^v\d/);
    });

    it('filters the list by name and project', async () => {
      const byName = await (
        await call('/api/v1/applications?name=giropops-senhas')
      ).json();
      expect(byName.items.map((a: any) => a.metadata.name)).toEqual([
        'giropops-senhas',
      ]);
      const byProject = await (
        await call('/api/v1/applications?project=other')
      ).json();
      expect(byProject.items).toEqual([]);
    });

    it('refuses a rollback while automated sync is on, like the real server', async () => {
      const response = await call('/api/v1/applications/driver/rollback', {
        method: 'PUT',
        body: JSON.stringify({ id: 0 }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 9,
        message: 'rollback cannot be initiated when auto-sync is enabled',
      });
    });

    it('refuses a sync to another revision while automated sync is on', async () => {
      const response = await call('/api/v1/applications/driver/sync', {
        method: 'POST',
        body: JSON.stringify({ revision: 'abc123' }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).message).toBe(
        'Cannot sync to abc123: auto-sync currently set to main',
      );
    });

    it('rolls back a manually synced application to a history entry', async () => {
      const app = fixture.reconciler.getApplication('giropops-senhas')!;
      fixture.store.update({ ...app, spec: { ...app.spec, syncPolicy: {} } });
      const response = await call(
        '/api/v1/applications/giropops-senhas/rollback',
        {
          method: 'PUT',
          body: JSON.stringify({ id: 0 }),
        },
      );
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.status.operationState).toMatchObject({
        phase: 'Succeeded',
        operation: { initiatedBy: { username: 'admin' } },
      });
      const missing = await call(
        '/api/v1/applications/giropops-senhas/rollback',
        {
          method: 'PUT',
          body: JSON.stringify({ id: 42 }),
        },
      );
      expect(await missing.json()).toMatchObject({
        code: 3,
        message:
          'application giropops-senhas does not have deployment with id 42',
      });
    });

    it('serves the resource tree of the tracked objects', async () => {
      const tree = await (
        await call('/api/v1/applications/driver/resource-tree')
      ).json();
      const kinds = tree.nodes.map((n: any) => `${n.kind}/${n.name}`);
      expect(kinds).toEqual(
        expect.arrayContaining([
          'Deployment/driver',
          'Service/driver',
          'HorizontalPodAutoscaler/driver',
          'Ingress/driver',
          'KongPlugin/oidc-driver',
          'VirtualService/driver',
        ]),
      );
    });
  });
});
