import { spawn } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';

/** Splits CGI output into its header block and the start of the body. */
function findHeaderEnd(
  buffer: Buffer,
): { end: number; separator: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf === -1 && lf === -1) {
    return undefined;
  }
  if (lf === -1 || (crlf !== -1 && crlf < lf)) {
    return { end: crlf, separator: 4 };
  }
  return { end: lf, separator: 2 };
}

function parseCgiHeaders(block: string) {
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      continue;
    }
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 500;
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers };
}

function remoteUser(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) {
      return user;
    }
  }
  return 'sandbox';
}

/**
 * Serves one request by running `git http-backend` as a CGI program: the request body is streamed
 * to its stdin (still gzip-encoded if the client compressed it; http-backend inflates it itself)
 * and its stdout, after the CGI header block, is streamed back.
 */
export function serveWithHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  projectRoot: string,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: url.pathname,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: remoteUser(req),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = req.headers['content-length'];
  }
  if (req.headers['content-encoding']) {
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  }
  const gitProtocol = req.headers['git-protocol'];
  if (typeof gitProtocol === 'string') {
    env.GIT_PROTOCOL = gitProtocol;
  }

  const child = spawn('git', ['http-backend'], { env });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {
    // http-backend may exit before reading the whole body (e.g. on a refused request).
  });

  let pending: Buffer | undefined = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    if (!pending) {
      res.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const header = findHeaderEnd(pending);
    if (!header) {
      return;
    }
    const { status, headers } = parseCgiHeaders(
      pending.subarray(0, header.end).toString('latin1'),
    );
    res.statusCode = status;
    for (const [name, value] of headers) {
      res.setHeader(name, value);
    }
    const body = pending.subarray(header.end + header.separator);
    pending = undefined;
    if (body.length > 0) {
      res.write(body);
    }
  });

  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on('error', error => {
    if (!res.headersSent) {
      res.statusCode = 500;
    }
    res.end(`git http-backend failed: ${error.message}\n`);
  });
  child.on('close', code => {
    if (pending && !res.headersSent) {
      res.statusCode = 500;
      res.end(`git http-backend exited with ${code}: ${stderr}\n`);
      return;
    }
    res.end();
  });
}
