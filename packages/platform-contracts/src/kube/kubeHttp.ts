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

/** One answer: HTTP code, headers, the body (parsed when JSON) and its raw text. */
export interface KubeHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  text: string;
}

/** One request to {@link kubeApiRequest}. */
export interface KubeApiRequestOptions {
  /** `GET` unless given. */
  method?: string;
  path: string;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string;
  /** A string is sent as is, anything else as JSON. */
  body?: unknown;
  /** `application/json` unless given (the PATCH formats set their own). */
  contentType?: string;
  /** 30 s unless given. */
  timeoutMs?: number;
}

/**
 * One raw request to a Kubernetes API server (or etcd's HTTP endpoint), as the Backstage
 * Kubernetes backend and the portal's plugins send them: bearer token, JSON body, the given
 * content type. Uses node:http(s) directly and does not verify HTTPS certificates: every server
 * it talks to is on 127.0.0.1, and a real kube-apiserver there serves a self-signed certificate.
 */
export function kubeApiRequest(
  baseUrl: string,
  options: KubeApiRequestOptions,
): Promise<KubeHttpResponse> {
  const method = options.method ?? 'GET';
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
        method,
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
      req.destroy(new Error(`${method} ${url} timed out`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * A raw request to a contract target with its cluster-admin token; `token: null` sends none,
 * another string sends that one instead.
 */
export function kubeHttp(
  target: KubernetesContractTarget,
  method: string,
  path: string,
  options: { body?: unknown; contentType?: string; token?: string | null } = {},
): Promise<KubeHttpResponse> {
  const token = options.token === undefined ? target.token : options.token;
  return kubeApiRequest(target.url, {
    method,
    path,
    token: token ?? undefined,
    body: options.body,
    contentType: options.contentType,
  });
}
