import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OpsArgoCdClient } from './OpsArgoCdClient';

const baseUrl = 'http://backend.test/api/argocd';
const server = setupServer();

function client(instances: string[]) {
  return new OpsArgoCdClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
    instances,
  });
}

describe('OpsArgoCdClient.serviceLocatorUrl', () => {
  registerMswTestHooks(server);

  it('returns the instances the backend found', async () => {
    server.use(
      http.get(`${baseUrl}/find/name/driver`, () =>
        HttpResponse.json([
          { name: 'sandbox', url: 'http://argo', appName: ['driver'] },
        ]),
      ),
    );
    await expect(
      client(['sandbox']).serviceLocatorUrl({ appName: 'driver' }),
    ).resolves.toEqual([
      { name: 'sandbox', url: 'http://argo', appName: ['driver'] },
    ]);
  });

  it('names the instance and the cause when no instance can be reached', async () => {
    server.use(
      http.get(`${baseUrl}/find/name/driver`, () => HttpResponse.json([])),
      http.get(`${baseUrl}/argoInstance/sandbox/applications/name/driver`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'FetchError',
              message: 'connect ECONNREFUSED 127.0.0.1:7172',
            },
          },
          { status: 500 },
        ),
      ),
    );
    await expect(
      client(['sandbox']).serviceLocatorUrl({ appName: 'driver' }),
    ).rejects.toThrow(
      /Argo CD could not be reached for application driver \(sandbox: .*ECONNREFUSED/,
    );
  });

  it('returns the empty list when an instance says the application does not exist', async () => {
    server.use(
      http.get(`${baseUrl}/find/name/ghost`, () => HttpResponse.json([])),
      http.get(`${baseUrl}/argoInstance/sandbox/applications/name/ghost`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no app' } },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client(['sandbox']).serviceLocatorUrl({ appName: 'ghost' }),
    ).resolves.toEqual([]);
  });
});
