import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  GitOpsFixture,
  startGitOpsFixture,
} from '../testUtils/startGitOpsFixture';
import { createArgoCdRouter } from './createArgoCdRouter';

const WRITER = 'argo-writer-token';
const READER = 'argo-reader-token';

describe('the Argo CD stand-in with the reader token', () => {
  let fixture: GitOpsFixture;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    fixture = await startGitOpsFixture();
    const app = createArgoCdRouter({
      store: fixture.store,
      reconciler: fixture.reconciler,
      token: WRITER,
      readerToken: READER,
      username: 'reader',
      password: 'pw',
    });
    server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await fixture.stop();
  });

  async function call(
    method: string,
    path: string,
    token: string,
    body?: object,
  ) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body && { 'Content-Type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it.each([
    [
      'POST',
      '/api/v1/applications/driver/sync',
      {},
      'applications, sync, default/driver',
    ],
    [
      'POST',
      '/api/v1/applications/driver/rollback',
      { id: 0 },
      'applications, sync, default/driver',
    ],
    [
      'DELETE',
      '/api/v1/applications/driver/operation',
      undefined,
      'applications, sync, default/driver',
    ],
    [
      'DELETE',
      '/api/v1/applications/driver',
      undefined,
      'applications, delete, default/driver',
    ],
    [
      'PUT',
      '/api/v1/applications/driver',
      { metadata: { name: 'driver' } },
      'applications, update, default/driver',
    ],
    [
      'POST',
      '/api/v1/applications',
      { metadata: { name: 'evil' }, spec: { project: 'default' } },
      'applications, create, default/evil',
    ],
  ])(
    'refuses %s %s with PermissionDenied',
    async (method, path, body, object) => {
      const before = JSON.stringify(
        await call('GET', '/api/v1/applications/driver', WRITER),
      );
      const response = await call(method, path, READER, body);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        error: expect.stringMatching(
          new RegExp(
            `^permission denied: ${object}, sub: ops-portal-reader:apiKey, iat: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`,
          ),
        ),
        code: 7,
        message: response.body.error,
      });
      expect(
        JSON.stringify(
          await call('GET', '/api/v1/applications/driver', WRITER),
        ),
      ).toBe(before);
      expect(
        (await call('GET', '/api/v1/applications/evil', WRITER)).status,
      ).toBe(404);
    },
  );

  it('lets the reader GET applications', async () => {
    const list = await call('GET', '/api/v1/applications', READER);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: any) => a.metadata.name)).toContain(
      'driver',
    );
    expect(
      (await call('GET', '/api/v1/applications/driver', READER)).status,
    ).toBe(200);
  });

  it('lets the writer token sync', async () => {
    const response = await call(
      'POST',
      '/api/v1/applications/driver/sync',
      WRITER,
      {},
    );
    expect(response.status).toBe(200);
  });

  it('hands the username/password login the reader token', async () => {
    const response = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'reader', password: 'pw' }),
    });
    expect(await response.json()).toEqual({ token: READER });
  });
});
