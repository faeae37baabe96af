/** An Argo CD API server and a token it accepts. */
export interface ArgoCdEndpoint {
  /** Base URL without a trailing slash, e.g. `https://argocd.example.com`. */
  url: string;
  /** A bearer token (an account's API key or a session token). */
  token: string;
}

/** An answer of the Argo CD API: status, content type and the body (JSON when it parses). */
export interface ArgoCdHttpResponse {
  status: number;
  contentType: string | null;
  body: any;
}

/** One request to the Argo CD API with the endpoint's token; `body` is sent as JSON. */
export async function argoCdHttp(
  endpoint: ArgoCdEndpoint,
  method: string,
  path: string,
  body?: unknown,
): Promise<ArgoCdHttpResponse> {
  const response = await fetch(`${endpoint.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${endpoint.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (grpc-gateway's plain-text 405, for one): the text is the body
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: parsed,
  };
}

/**
 * Polls the Application until `done` holds for it, or fails after `timeoutMs` with the last
 * `status.operationState` seen.
 */
export async function waitForApplication(
  endpoint: ArgoCdEndpoint,
  name: string,
  done: (app: any) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  for (;;) {
    const response = await argoCdHttp(
      endpoint,
      'GET',
      `/api/v1/applications/${encodeURIComponent(name)}`,
    );
    last = response.body;
    if (response.status === 200 && done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last operationState: ${JSON.stringify(
          last?.status?.operationState,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
