import http from 'node:http';
import { AddressInfo } from 'node:net';
import { serializeError } from '@backstage/errors';
import {
  fetchUpstream,
  fetchUpstreamJson,
  fetchUpstreamText,
} from './fetchUpstream';
import { UpstreamError } from '../errors/UpstreamError';

let server: http.Server;
let base: string;
const seen: Array<{ method?: string; url?: string; headers: object }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const path = (req.url ?? '').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/ok') return json(200, { data: [1] });
    if (path === '/missing') return json(404, { message: 'Not found' });
    if (path === '/forbidden')
      return json(403, { message: 'see http://upstream.internal:8001/x' });
    if (path === '/es') return json(400, { error: { reason: 'bad query' } });
    if (path === '/prom') {
      return json(422, {
        status: 'error',
        errorType: 'execution',
        error: 'query timed out',
      });
    }
    if (path === '/es-typed') {
      return json(401, {
        error: { type: 'security_exception', reason: 'missing credentials' },
      });
    }
    if (path === '/stalled-body') {
      // Headers and half a body, then nothing within the tests' timeouts.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
      const timer = setTimeout(() => res.end('1}'), 2000);
      req.on('close', () => clearTimeout(timer));
      return undefined;
    }
    if (path === '/not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>login</html>');
    }
    if (path === '/html') {
      res.writeHead(500);
      return res.end('<html>oops</html>');
    }
    // /slow: never answers within the tests' timeouts.
    const timer = setTimeout(() => json(200, {}), 2000);
    req.on('close', () => clearTimeout(timer));
    return undefined;
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: UpstreamError) => e,
  );
}

const options = { system: 'Kong Admin API', timeoutMs: 1000 };

describe('fetchUpstream', () => {
  it('answers a 2xx as it is, with the given headers and JSON by default', async () => {
    const response = await fetchUpstream(`${base}/ok?x=1`, {
      ...options,
      headers: { 'Kong-Admin-Token': 'secret' },
    });
    await expect(response.json()).resolves.toEqual({ data: [1] });
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/ok?x=1',
      headers: { accept: 'application/json', 'kong-admin-token': 'secret' },
    });
  });

  it('sends the method and body', async () => {
    await fetchUpstream(`${base}/ok`, {
      ...options,
      method: 'POST',
      body: 'query=up',
    });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/ok' });
  });

  it('answers a status of passStatuses as it is', async () => {
    const response = await fetchUpstream(`${base}/missing`, {
      ...options,
      passStatuses: [404],
    });
    expect(response.status).toBe(404);
  });

  it.each([
    [
      '/missing',
      {},
      'Kong Admin API refused GET /missing (404: Not found)',
      404,
    ],
    [
      '/forbidden?token=x',
      { authHint: 'check opsPortal.kong.adminApi.token' },
      'Kong Admin API refused GET /forbidden (403: see <url>); check opsPortal.kong.adminApi.token',
      403,
    ],
    [
      '/es',
      { operation: "_count on 'logs-*'" },
      "Kong Admin API refused _count on 'logs-*' (400: bad query)",
      400,
    ],
    [
      '/prom',
      { operation: 'range query' },
      'Kong Admin API refused range query (422: execution: query timed out)',
      422,
    ],
    [
      '/es-typed',
      {},
      'Kong Admin API refused GET /es-typed (401: security_exception: missing credentials)',
      401,
    ],
    ['/html', {}, 'Kong Admin API refused GET /html (500)', 500],
  ])(
    'refuses %s with an UpstreamError',
    async (path, extra, message, status) => {
      const error = await failureOf(
        fetchUpstream(`${base}${path}`, { ...options, ...extra }),
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.message).toBe(message);
      expect(error.upstreamStatus).toBe(status);
      expect(error.upstreamUrl).toBe(base);
      expect(JSON.stringify(serializeError(error))).not.toContain('127.0.0.1');
    },
  );

  it('gives up after the timeout', async () => {
    const error = await failureOf(
      fetchUpstream(`${base}/slow`, { ...options, timeoutMs: 50 }),
    );
    expect(error.message).toBe(
      'Kong Admin API did not answer GET /slow within 50 ms',
    );
  });

  it('says when the caller cancelled', async () => {
    const controller = new AbortController();
    const pending = fetchUpstream(`${base}/slow`, {
      ...options,
      signal: controller.signal,
    });
    controller.abort();
    expect((await failureOf(pending)).message).toBe(
      'Kong Admin API: GET /slow was cancelled',
    );
  });

  it('reports an unreachable upstream by its network cause only', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const error = await failureOf(
      fetchUpstream(`http://127.0.0.1:${port}/services`, options),
    );
    expect(error.message).toBe(
      'Kong Admin API is unreachable (ECONNREFUSED) for GET /services',
    );
  });
});

describe('fetchUpstreamText', () => {
  it('answers the status and the whole body', async () => {
    await expect(fetchUpstreamText(`${base}/ok`, options)).resolves.toEqual({
      status: 200,
      text: '{"data":[1]}',
    });
  });

  it('answers a status of passStatuses with its body', async () => {
    const { status, text } = await fetchUpstreamText(`${base}/missing`, {
      ...options,
      passStatuses: [404],
    });
    expect(status).toBe(404);
    expect(JSON.parse(text)).toEqual({ message: 'Not found' });
  });

  it('refuses like fetchUpstream', async () => {
    const error = await failureOf(fetchUpstreamText(`${base}/html`, options));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('Kong Admin API refused GET /html (500)');
  });

  it('gives up when the body does not arrive within the timeout', async () => {
    const error = await failureOf(
      fetchUpstreamText(`${base}/stalled-body`, {
        ...options,
        operation: 'range query',
        timeoutMs: 100,
      }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'Kong Admin API did not answer range query within 100 ms',
    );
    expect(error.upstreamUrl).toBe(base);
  });
});

describe('fetchUpstreamJson', () => {
  it('answers the status and the parsed body', async () => {
    await expect(fetchUpstreamJson(`${base}/ok`, options)).resolves.toEqual({
      status: 200,
      body: { data: [1] },
    });
  });

  it('answers a status of passStatuses without a body', async () => {
    await expect(
      fetchUpstreamJson(`${base}/missing`, { ...options, passStatuses: [404] }),
    ).resolves.toEqual({ status: 404, body: undefined });
  });

  it('names the system and the operation when a 2xx body is not JSON', async () => {
    const error = await failureOf(
      fetchUpstreamJson(`${base}/not-json?secret=x`, options),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'Kong Admin API answered GET /not-json with a malformed response (not JSON)',
    );
    expect(error.upstreamUrl).toBe(base);
  });

  it('refuses like fetchUpstream', async () => {
    const error = await failureOf(fetchUpstreamJson(`${base}/html`, options));
    expect(error.message).toBe('Kong Admin API refused GET /html (500)');
  });
});
