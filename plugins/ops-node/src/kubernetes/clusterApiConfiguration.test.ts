import { CoreV1Api } from '@kubernetes/client-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clusterApiConfiguration } from './clusterApiConfiguration';

describe('clusterApiConfiguration', () => {
  let server: Server;
  let url = '';
  let connections = 0;
  const authorization: Array<string | undefined> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      authorization.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ apiVersion: 'v1', kind: 'ServiceList', items: [] }),
      );
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('sends the token and keeps one connection for requests one after another', async () => {
    const core = new CoreV1Api(
      clusterApiConfiguration(
        {
          name: 'test',
          url,
          serviceAccountToken: 'reader',
          skipTLSVerify: true,
        },
        { user: 'test', timeoutMs: 5000 },
      ),
    );
    for (let i = 0; i < 3; i++) {
      await core.listNamespacedService({ namespace: 'driver' });
    }
    expect(authorization).toEqual([
      'Bearer reader',
      'Bearer reader',
      'Bearer reader',
    ]);
    expect(connections).toBe(1);
  });
});
