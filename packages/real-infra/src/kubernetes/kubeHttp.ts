import http from 'node:http';
import https from 'node:https';

/** An HTTP answer of the API server: code, headers and the body, parsed when it is JSON. */
export interface KubeHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  text: string;
}

/**
 * One request to a Kubernetes API server (or etcd's HTTP endpoint). HTTPS certificates are not
 * verified: the harness's kube-apiserver serves a self-signed certificate it generates at start,
 * and every server is on 127.0.0.1.
 */
export function kubeHttp(
  baseUrl: string,
  options: {
    method?: string;
    path: string;
    token?: string;
    body?: unknown;
    contentType?: string;
    timeoutMs?: number;
  },
): Promise<KubeHttpResponse> {
  const url = new URL(options.path, baseUrl);
  let payload: string | undefined;
  if (typeof options.body === 'string') payload = options.body;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        rejectUnauthorized: false,
        timeout: options.timeoutMs ?? 30_000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (health checks answer `ok`)
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
