import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A reverse proxy on 127.0.0.1 that forwards to one upstream and counts what passes. */
export interface CountingProxy {
  /** The proxy's base URL (no trailing slash). */
  url: string;
  /** Requests forwarded so far, as `METHOD /path`. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Starts a proxy in front of `target` (an http base URL): tests point a backend at it to
 * assert how many requests reached an upstream, e.g. none before a permission check.
 */
export async function startCountingProxy(
  target: string,
): Promise<CountingProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      response => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    forwarded.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
