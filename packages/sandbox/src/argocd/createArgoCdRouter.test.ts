import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  GitOpsFixture,
  startGitOpsFixture,
} from '../testUtils/startGitOpsFixture';
import { createArgoCdRouter } from './createArgoCdRouter';

const TOKEN = 'test-argo-token';

// The Roadie Argo CD backend's client against this router: packages/platform-contracts
// (src/argocd/roadieArgoCd.test.ts).
describe('createArgoCdRouter', () => {
  let fixture: GitOpsFixture;
  let server: http.Server;
  let url: string;

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
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await fixture.stop();
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
        method: 'POST',
        body: JSON.stringify({ id: 0 }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'rollback cannot be initiated when auto-sync is enabled',
        code: 9,
        message: 'rollback cannot be initiated when auto-sync is enabled',
      });
    });

    it('answers another method on the operation routes with grpc-gateway 405, before authentication', async () => {
      for (const [path, method] of [
        ['/api/v1/applications/driver/rollback', 'PUT'],
        ['/api/v1/applications/driver/sync', 'PUT'],
        ['/api/v1/applications/driver/operation', 'POST'],
      ]) {
        const response = await call(path, { method, body: '{}' }, null);
        expect(response.status).toBe(405);
        expect(response.headers.get('content-type')).toBe(
          'text/plain; charset=utf-8',
        );
        expect(await response.text()).toBe('Method Not Allowed\n');
      }
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
