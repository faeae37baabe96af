import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Thrown when a port the sandbox needs is already in use. */
export class PortInUseError extends Error {
  name = 'PortInUseError';

  constructor(readonly service: string, readonly port: number) {
    super(
      `Port ${port} (${service}) is already in use on 127.0.0.1. Stop the process that holds it ` +
        `(another \`yarn sandbox\`?) or change the URL in app-config.yaml.`,
    );
  }
}

/** Serves a request handler on 127.0.0.1 only; resolves with the server and its bound port. */
export async function listenOnLoopback(
  service: string,
  handler: http.RequestListener,
  port: number,
): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(service, port) : error,
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Stops a server, closing idle and active keep-alive connections. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
