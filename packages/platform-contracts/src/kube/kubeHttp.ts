import http from 'node:http';
import https from 'node:https';

/** Where a contract suite sends its requests: the sandbox or a real API server. */
export interface KubernetesContractTarget {
  /** Shown in the suite's name: `sandbox`, `kube-apiserver v1.37.2`. */
  name: string;
  /** Base URL, `http://127.0.0.1:<port>` or `https://…` (certificates are not verified). */
  url: string;
  /** Bearer token with cluster-admin rights. */
  token: string;
}

/** One answer: HTTP code, headers and the body (parsed when JSON). */
export interface KubeHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A raw request to the target, as the Backstage Kubernetes backend and the portal's plugins send
 * them: bearer token, JSON body, the given content type (PATCH formats). Uses node:http(s)
 * directly so the certificate of a real API server on 127.0.0.1 need not be trusted.
 */
export function kubeHttp(
  target: KubernetesContractTarget,
  method: string,
  path: string,
  options: { body?: unknown; contentType?: string; token?: string | null } = {},
): Promise<KubeHttpResponse> {
  const url = new URL(path, target.url);
  let payload: string | undefined;
  if (typeof options.body === 'string') payload = options.body;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.token === undefined ? target.token : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method, headers, rejectUnauthorized: false, timeout: 30_000 },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // plain text (health checks)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url} timed out`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
