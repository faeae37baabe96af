import { UpstreamError, withoutUrls } from '../errors/UpstreamError';

/** Options of {@link fetchUpstream}. @public */
export interface FetchUpstreamOptions {
  /** The upstream as messages name it, e.g. `Kong Admin API` or `Prometheus 'main'`. */
  system: string;
  /** Bound on the whole exchange, body included. */
  timeoutMs: number;
  /** Default `GET`. */
  method?: string;
  /** Sent as they are (credentials included); never quoted in an error. `Accept` defaults to JSON. */
  headers?: Record<string, string>;
  body?: string;
  /** Ends the call sooner (a task's cancel signal, say). */
  signal?: AbortSignal;
  /** What the call does, for messages; default `<method> <path>` (no query, no host). */
  operation?: string;
  /** Statuses answered as they are instead of thrown, e.g. `[404]` for "not there". */
  passStatuses?: number[];
  /** Added to the message of a 401 or 403, e.g. `check opsPortal.kong.adminApi.token`. */
  authHint?: string;
  fetchImpl?: typeof fetch;
}

/** A string, when the value is a non-empty one. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The upstream's own words in an error body, when it has them: `message` (Kubernetes, Kong,
 * Argo CD), Prometheus' `errorType: error`, Elasticsearch's `error.type: error.reason`, or a bare
 * string `error`.
 */
function bodyMessage(raw: string): string | undefined {
  try {
    const body = JSON.parse(raw) as {
      message?: unknown;
      error?: unknown;
      errorType?: unknown;
    };
    if (text(body?.message)) return body.message as string;
    if (text(body?.error)) {
      return [text(body.errorType), body.error].filter(Boolean).join(': ');
    }
    const { type, reason } = (body?.error ?? {}) as {
      type?: unknown;
      reason?: unknown;
    };
    return [text(type), text(reason)].filter(Boolean).join(': ') || undefined;
  } catch {
    return undefined;
  }
}

function networkCause(error: unknown): string {
  const { name, code, cause } = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : 'network error';
}

/** The {@link UpstreamError} of a call that failed before an answer was complete. */
function failure(
  error: unknown,
  timeout: AbortSignal,
  options: FetchUpstreamOptions,
  operation: string,
  upstreamUrl: string,
): UpstreamError {
  const { system, timeoutMs } = options;
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError' || (name === 'AbortError' && timeout.aborted)) {
    return new UpstreamError(
      `${system} did not answer ${operation} within ${timeoutMs} ms`,
      undefined,
      upstreamUrl,
    );
  }
  if (name === 'AbortError') {
    return new UpstreamError(
      `${system}: ${operation} was cancelled`,
      undefined,
      upstreamUrl,
    );
  }
  return new UpstreamError(
    `${system} is unreachable (${networkCause(error)}) for ${operation}`,
    undefined,
    upstreamUrl,
  );
}

async function exchange<T>(
  url: string,
  options: FetchUpstreamOptions,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const method = options.method ?? 'GET';
  const parsed = new URL(url);
  const upstreamUrl = parsed.origin;
  const operation = options.operation ?? `${method} ${parsed.pathname}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      method,
      headers: { Accept: 'application/json', ...options.headers },
      body: options.body,
      signal: options.signal
        ? AbortSignal.any([timeout, options.signal])
        : timeout,
    });
  } catch (error) {
    throw failure(error, timeout, options, operation, upstreamUrl);
  }
  if (!response.ok && !options.passStatuses?.includes(response.status)) {
    const message = bodyMessage(await response.text().catch(() => ''));
    const hint =
      options.authHint && (response.status === 401 || response.status === 403)
        ? `; ${options.authHint}`
        : '';
    throw new UpstreamError(
      `${options.system} refused ${operation} (${response.status}${
        message ? `: ${withoutUrls(message.slice(0, 200))}` : ''
      })${hint}`,
      response.status,
      upstreamUrl,
    );
  }
  try {
    return await read(response);
  } catch (error) {
    throw failure(error, timeout, options, operation, upstreamUrl);
  }
}

/**
 * One HTTP call to an upstream system with a timeout and one error type: a timeout, a network
 * failure or an answer outside 2xx (and `passStatuses`) becomes an {@link UpstreamError} that
 * names `system`, the operation and the status with the upstream's own message (cut to 200
 * characters, URLs removed), never the URL or a header; the URL stays on the error for the log.
 * The body of a refused answer is always read, so the connection goes back to the keep-alive
 * pool. Returns the response, whose body the caller reads within the same timeout (prefer
 * {@link fetchUpstreamText}, which maps a failure while reading the body too).
 * @public
 */
export function fetchUpstream(
  url: string,
  options: FetchUpstreamOptions,
): Promise<Response> {
  return exchange(url, options, async response => response);
}

/**
 * {@link fetchUpstream} that also reads the whole body within the same timeout: a timeout or a
 * broken connection while the body arrives is the same {@link UpstreamError} as before the
 * headers. Every body is read to its end, so the connection goes back to the keep-alive pool.
 * @public
 */
export function fetchUpstreamText(
  url: string,
  options: FetchUpstreamOptions,
): Promise<{ status: number; text: string }> {
  return exchange(url, options, async response => ({
    status: response.status,
    text: await response.text(),
  }));
}

/**
 * {@link fetchUpstreamText} whose body is JSON: parsed here, so an answer that is not JSON is the
 * same {@link UpstreamError} for every caller ("answered ... with a malformed response"). The
 * body is `unknown`: callers check its shape before they trust it. The body of a status in
 * `passStatuses` is not parsed (`body` is undefined).
 * @public
 */
export async function fetchUpstreamJson(
  url: string,
  options: FetchUpstreamOptions,
): Promise<{ status: number; body: unknown }> {
  const { status, text: raw } = await fetchUpstreamText(url, options);
  if (status < 200 || status > 299) return { status, body: undefined };
  try {
    return { status, body: JSON.parse(raw) as unknown };
  } catch {
    const method = options.method ?? 'GET';
    const operation = options.operation ?? `${method} ${new URL(url).pathname}`;
    throw new UpstreamError(
      `${options.system} answered ${operation} with a malformed response (not JSON)`,
      undefined,
      new URL(url).origin,
    );
  }
}
