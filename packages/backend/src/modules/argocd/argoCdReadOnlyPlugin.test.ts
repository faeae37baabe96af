import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { argoCdReadOnlyPlugin } from './argoCdReadOnlyPlugin';

const USER = mockCredentials.user.header('user:default/guest');
const READER_TOKEN = 'argo-reader-token';

type Received = { method?: string; url?: string; authorization?: string };

/** An Argo CD API on loopback that records every request and answers the read calls. */
async function startArgoCd(): Promise<{
  server: Server;
  url: string;
  received: Received[];
}> {
  const received: Received[] = [];
  const app = { metadata: { name: 'driver', namespace: 'argocd' }, spec: {} };
  const server = createServer((req: IncomingMessage, res) => {
    received.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization,
    });
    const path = req.url ?? '';
    let body: unknown = {};
    if (path.startsWith('/api/v1/applications?selector=')) {
      body = { items: [app] };
    } else if (path.endsWith('/revisions/abc123/metadata')) {
      body = { author: 'dev', date: '2024-01-01T00:00:00Z', message: 'm' };
    } else if (path.startsWith('/api/v1/applications/driver')) {
      body = app;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

describe('argoCdReadOnlyPlugin', () => {
  let argo: Awaited<ReturnType<typeof startArgoCd>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const events: Array<{ options: any; fail: jest.Mock; success: jest.Mock }> =
    [];

  beforeAll(async () => {
    argo = await startArgoCd();
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockImplementation(async options => {
      const event = { options, fail: jest.fn(), success: jest.fn() };
      events.push(event);
      return event as unknown as AuditorServiceEvent;
    });
    backend = await startTestBackend({
      features: [
        argoCdReadOnlyPlugin,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    { name: 'main', url: argo.url, token: READER_TOKEN },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    argo.server.close();
  });

  beforeEach(() => {
    argo.received.length = 0;
    events.length = 0;
  });

  it.each([
    ['/find/name/driver', '/api/v1/applications/driver'],
    [
      '/find/selector/app%3Ddriver',
      '/api/v1/applications?selector=app%3Ddriver',
    ],
    [
      '/argoInstance/main/applications/name/driver',
      '/api/v1/applications/driver',
    ],
    [
      '/argoInstance/main/applications/selector/app%3Ddriver',
      '/api/v1/applications?selector=app%3Ddriver',
    ],
    [
      '/argoInstance/main/applications/name/driver/revisions/abc123/metadata',
      '/api/v1/applications/driver/revisions/abc123/metadata',
    ],
  ])(
    'serves the card read GET %s with the reader token',
    async (path, upstream) => {
      const response = await request(backend.server)
        .get(`/api/argocd${path}`)
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      expect(argo.received).toEqual([
        {
          method: 'GET',
          url: upstream,
          authorization: `Bearer ${READER_TOKEN}`,
        },
      ]);
      expect(events).toEqual([]);
    },
  );

  // Every route of the Roadie router other than the card reads, plus the card paths with a write method.
  it.each([
    [
      'post',
      '/createArgo',
      { clusterName: 'main', appName: 'x', projectName: 'x', namespace: 'x' },
    ],
    [
      'put',
      '/updateArgo/driver',
      { clusterName: 'main', appName: 'driver', projectName: 'p' },
    ],
    ['post', '/sync', { appSelector: 'app=driver', terminateOperation: true }],
    ['delete', '/argoInstance/main/applications/driver', undefined],
    [
      'delete',
      '/argoInstance/main/applications/driver?terminateOperation=true',
      undefined,
    ],
    ['delete', '/argoInstance/main/applications/driver/operation', undefined],
    ['get', '/allArgoApps/main', undefined],
    ['get', '/argoInstance/main/repo/r/source/s', undefined],
    ['get', '/argoInstance/main/applications/driver', undefined],
    ['post', '/find/name/driver', {}],
    ['put', '/argoInstance/main/applications/name/driver', {}],
    ['delete', '/argoInstance/main/applications/name/driver', undefined],
    ['get', '/find/name/driver/extra', undefined],
    ['get', '/FIND/name/driver', undefined],
  ] as const)(
    'refuses %s %s with 403, audited, without calling Argo CD',
    async (method, path, body) => {
      const call = request(backend.server)
        [method](`/api/argocd${path}`)
        .set('Authorization', USER);
      const response = await (body ? call.send(body) : call);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ name: 'NotAllowedError' });
      expect(argo.received).toEqual([]);
      expect(events).toHaveLength(1);
      expect(events[0].options).toMatchObject({
        eventId: 'argocd-route',
        meta: { method: method.toUpperCase() },
      });
      expect(events[0].fail).toHaveBeenCalledTimes(1);
    },
  );

  it.each([
    '/find/name/..%2F..%2Fprojects%2Fdefault',
    '/argoInstance/main/applications/name/driver%3Fselector%3Dx',
    '/argoInstance/main/applications/name/driver/revisions/..%2F..%2Fx/metadata',
    '/find/selector/a%3Db%26project%3Dx',
    '/find/name/driver?appNamespace=..%2Fx',
    // Not a DNS-1123 subdomain (empty label), however harmless it looks.
    '/find/name/a..b',
    '/argoInstance/main/applications/name/a..b',
  ])(
    'answers 400 to a read whose names would steer the Argo CD URL: %s',
    async path => {
      const response = await request(backend.server)
        .get(`/api/argocd${path}`)
        .set('Authorization', USER);
      expect(response.status).toBe(400);
      expect(argo.received).toEqual([]);
    },
  );

  it('needs a signed-in caller', async () => {
    const response = await request(backend.server)
      .get('/api/argocd/find/name/driver')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(response.status).toBe(401);
    expect(argo.received).toEqual([]);
  });
});
