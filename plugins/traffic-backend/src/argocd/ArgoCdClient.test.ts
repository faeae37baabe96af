import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InputError } from '@backstage/errors';
import { UpstreamError } from '../errors';
import { applicationPath, ArgoCdClient } from './ArgoCdClient';

describe('applicationPath', () => {
  it.each([
    ['nginx-ab', '', '/api/v1/applications/nginx-ab'],
    ['nginx-ab', '/sync', '/api/v1/applications/nginx-ab/sync'],
    ['team.app', '', '/api/v1/applications/team.app'],
  ])('%s%s → %s', (name, suffix, path) => {
    expect(applicationPath(name, suffix)).toBe(path);
  });

  it.each([
    '.',
    '..',
    '../settings',
    'a/b',
    'a%2Fb',
    'a?x=1',
    'a#b',
    'App',
    '',
  ])('refuses %j', name => {
    expect(() => applicationPath(name)).toThrow(InputError);
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('ArgoCdClient', () => {
  let client: ArgoCdClient;

  beforeAll(async () => {
    client = new ArgoCdClient(
      {
        name: 'main',
        url: `http://127.0.0.1:${await closedPort()}`,
        token: 'secret-token',
      },
      1000,
    );
  });

  it('refuses an invalid name without sending a request', async () => {
    await expect(client.getApplication('..')).rejects.toThrow(InputError);
    await expect(client.syncApplication('a/../b')).rejects.toThrow(InputError);
  });

  it('names the instance, not its URL or token, when Argo CD is unreachable', async () => {
    const error = await client.getApplication('nginx-ab').catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      "Argo CD 'main' is unreachable (ECONNREFUSED) (GET /api/v1/applications/nginx-ab)",
    );
    expect(error.message).not.toContain('127.0.0.1');
    expect(error.message).not.toContain('secret-token');
  });
});
