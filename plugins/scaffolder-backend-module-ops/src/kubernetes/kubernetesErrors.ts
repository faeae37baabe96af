/** A failed Kubernetes API call, described without any request or object data. */
export class KubernetesError extends Error {
  name = 'KubernetesError';

  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** The parts of a `v1.Status` body the messages use. */
type StatusBody = { message?: string; reason?: string };

function parseStatus(body: unknown): StatusBody {
  const parsed =
    typeof body === 'string'
      ? (() => {
          try {
            return JSON.parse(body);
          } catch {
            return {};
          }
        })()
      : body;
  if (parsed && typeof parsed === 'object') {
    const { message, reason } = parsed as Record<string, unknown>;
    return {
      message: typeof message === 'string' ? message.slice(0, 300) : undefined,
      reason: typeof reason === 'string' ? reason : undefined,
    };
  }
  return {};
}

/** The HTTP status of an `ApiException` from `@kubernetes/client-node`, if it is one. */
export function apiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Describes a client-node failure by the API server's `Status` message only. `ApiException`'s own
 * message repeats response headers and body, so it is never passed on.
 */
export function describeKubernetesFailure(
  error: unknown,
  where: {
    clusterName: string;
    url: string;
    timeoutMs: number;
    operation: string;
  },
): KubernetesError {
  const cluster = `Kubernetes cluster '${where.clusterName}' at ${where.url}`;
  const status = apiStatus(error);
  if (status !== undefined) {
    const { message, reason } = parseStatus((error as { body?: unknown }).body);
    return new KubernetesError(
      `${cluster} refused ${where.operation} (${status}${
        reason ? ` ${reason}` : ''
      }${message ? `: ${message}` : ''})`,
      status,
      reason,
    );
  }
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new KubernetesError(
      `${cluster} did not answer within ${where.timeoutMs} ms while ${where.operation}`,
    );
  }
  if (typeof code === 'string') {
    return new KubernetesError(
      `${cluster} is unreachable (${code}) while ${where.operation}`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KubernetesError(
    `${cluster} failed while ${where.operation}: ${message}`,
  );
}
