import http from 'node:http';
import { AddressInfo } from 'node:net';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http as mswHttp, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { ArgoCdClient } from './ArgoCdClient';

const ARGO = 'http://argocd.test';
const server = setupServer();
registerMswTestHooks(server);

const client = (url = ARGO, timeoutMs = 2000) =>
  new ArgoCdClient({ url, token: 'secret-token', timeoutMs });

describe('ArgoCdClient', () => {
  it('returns undefined for a missing Application (404 with a project)', async () => {
    server.use(
      mswHttp.get(`${ARGO}/api/v1/applications/payments`, ({ request }) =>
        new URL(request.url).searchParams.get('projects') === 'default'
          ? HttpResponse.json(
              {
                error: 'not found',
                code: 5,
                message: 'applications.argoproj.io "payments" not found',
              },
              { status: 404 },
            )
          : HttpResponse.json(
              {
                error: 'permission denied',
                code: 7,
                message: 'permission denied',
              },
              { status: 403 },
            ),
      ),
    );
    await expect(
      client().getApplication('payments', 'default'),
    ).resolves.toBeUndefined();
  });

  it('reports an older error body that only has `error`, and a non-JSON one', async () => {
    server.use(
      mswHttp.post(`${ARGO}/api/v1/applications`, () =>
        HttpResponse.json({ error: 'invalid session' }, { status: 401 }),
      ),
      mswHttp.get(
        `${ARGO}/api/v1/applications/payments`,
        () => new HttpResponse('upstream connect error', { status: 503 }),
      ),
    );
    await expect(client().upsertApplication({})).rejects.toThrow(
      `Argo CD at ${ARGO} answered 401 to POST /api/v1/applications: invalid session`,
    );
    await expect(
      client().getApplication('payments', 'default'),
    ).rejects.toThrow(
      `Argo CD at ${ARGO} answered 503 to GET /api/v1/applications/payments: upstream connect error`,
    );
  });

  it('reports an unreachable Argo CD without the token', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    server.use(mswHttp.all(`${url}/*`, () => passthrough()));

    const error = await client(url)
      .upsertApplication({})
      .catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Argo CD at ${url} is unreachable (connect ECONNREFUSED)`,
    );
  });

  it('gives up after the request timeout', async () => {
    server.use(
      mswHttp.get(`${ARGO}/api/v1/applications/payments`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    await expect(
      client(ARGO, 50).getApplication('payments', 'default'),
    ).rejects.toThrow(
      `Argo CD at ${ARGO} did not answer within 50 ms (GET /api/v1/applications/payments?projects=default)`,
    );
  });
});
