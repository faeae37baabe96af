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

/** The `message` (or Elasticsearch-style `error.reason`) of an error body, when it has one. */
function bodyMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as {
      message?: unknown;
      error?: unknown;
    };
    if (typeof body?.message === 'string') return body.message;
    if (typeof body?.error === 'string') return body.error;
    const reason = (body?.error as { reason?: unknown } | undefined)?.reason;
    return typeof reason === 'string' ? reason : undefined;
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

/**
 * One HTTP call to an upstream system with a timeout and one error type: a timeout, a network
 * failure or an answer outside 2xx (and `passStatuses`) becomes an {@link UpstreamError} that
 * names `system`, the operation and the status with the upstream's own message (cut to 200
 * characters, URLs removed), never the URL or a header; the URL stays on the error for the log.
 * The body of a refused answer is always read, so the connection goes back to the keep-alive
 * pool. Returns the response, whose body the caller reads within the same timeout.
 * @public
 */
export async function fetchUpstream(
  url: string,
  options: FetchUpstreamOptions,
): Promise<Response> {
  const { system, timeoutMs } = options;
  const method = options.method ?? 'GET';
  const parsed = new URL(url);
  const upstreamUrl = parsed.origin;
  const operation = options.operation ?? `${method} ${parsed.pathname}`;
  const timeout = AbortSignal.timeout(timeoutMs);
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
    const name = (error as { name?: unknown })?.name;
    if (name === 'TimeoutError' || (name === 'AbortError' && timeout.aborted)) {
      throw new UpstreamError(
        `${system} did not answer ${operation} within ${timeoutMs} ms`,
        undefined,
        upstreamUrl,
      );
    }
    if (name === 'AbortError') {
      throw new UpstreamError(
        `${system}: ${operation} was cancelled`,
        undefined,
        upstreamUrl,
      );
    }
    throw new UpstreamError(
      `${system} is unreachable (${networkCause(error)}) for ${operation}`,
      undefined,
      upstreamUrl,
    );
  }
  if (response.ok || options.passStatuses?.includes(response.status)) {
    return response;
  }
  const message = bodyMessage(await response.text().catch(() => ''));
  const hint =
    options.authHint && (response.status === 401 || response.status === 403)
      ? `; ${options.authHint}`
      : '';
  throw new UpstreamError(
    `${system} refused ${operation} (${response.status}${
      message ? `: ${withoutUrls(message.slice(0, 200))}` : ''
    })${hint}`,
    response.status,
    upstreamUrl,
  );
}
