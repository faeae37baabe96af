import type { ConfiguredCluster } from '../config/readConfiguredCluster';
import { UpstreamError, withoutUrls } from '../errors/UpstreamError';

/** The HTTP status of a `@kubernetes/client-node` ApiException, if the error is one. @public */
export function kubernetesApiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The `message` and `reason` of a `v1.Status` body, when the body is one. */
function statusOf(body: unknown): { message?: string; reason?: string } {
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    return {};
  }
  const { message, reason } = (parsed ?? {}) as Record<string, unknown>;
  return {
    message: typeof message === 'string' ? message.slice(0, 300) : undefined,
    reason: typeof reason === 'string' ? reason : undefined,
  };
}

/** What went wrong talking to a cluster, in words for a card, and the API's status if it answered. @public */
export interface KubernetesFailure {
  message: string;
  status?: number;
}

/**
 * Describes a failed `@kubernetes/client-node` call: the API server's refusal with its Status
 * reason and message (and an RBAC hint on 401/403), a timeout, or a network error, naming the
 * cluster by its configured name and the operation. The message may reach a card or a task log,
 * so it never carries the API server's URL (see {@link kubernetesUpstreamError} for the log), and
 * the client's own messages, which repeat request headers and bodies, are never passed on whole.
 * @public
 */
export function describeKubernetesFailure(
  error: unknown,
  options: { cluster: ConfiguredCluster; timeoutMs: number; operation: string },
): KubernetesFailure {
  const { cluster, timeoutMs, operation } = options;
  const api = `Kubernetes cluster '${cluster.name}'`;
  const status = kubernetesApiStatus(error);
  if (status !== undefined) {
    const { message, reason } = statusOf((error as { body?: unknown }).body);
    const hint =
      status === 401 || status === 403
        ? '; check the serviceAccountToken of the cluster and its RBAC'
        : '';
    return {
      message: `${api} refused ${operation} (${status}${
        reason ? ` ${reason}` : ''
      }${message ? `: ${message}` : ''})${hint}`,
      status,
    };
  }
  const { name, code, cause } = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  if (name === 'AbortError' || name === 'TimeoutError') {
    return {
      message: `${api} did not answer within ${timeoutMs} ms while ${operation}`,
    };
  }
  const networkCode = typeof code === 'string' ? code : cause?.code;
  if (typeof networkCode === 'string') {
    return {
      message: `${api} is unreachable (${networkCode}) while ${operation}`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `${api} failed while ${operation}: ${withoutUrls(
      message.slice(0, 300),
    )}`,
  };
}

/**
 * {@link describeKubernetesFailure} as an {@link UpstreamError} (a 503 with the API's status), the
 * cluster's URL kept on it for the server log only.
 * @public
 */
export function kubernetesUpstreamError(
  error: unknown,
  options: { cluster: ConfiguredCluster; timeoutMs: number; operation: string },
): UpstreamError {
  const { message, status } = describeKubernetesFailure(error, options);
  return new UpstreamError(message, status, options.cluster.url);
}
