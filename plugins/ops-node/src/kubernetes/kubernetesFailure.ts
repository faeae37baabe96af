import type { ConfiguredCluster } from '../config/readConfiguredCluster';

/** The HTTP status of a `@kubernetes/client-node` ApiException, if the error is one. @public */
export function kubernetesApiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    const message = (parsed as { message?: unknown })?.message;
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** What went wrong talking to a cluster, in words for a card, and the API's status if it answered. @public */
export interface KubernetesFailure {
  message: string;
  status?: number;
}

/**
 * Describes a failed `@kubernetes/client-node` call: the API server's refusal with its Status
 * message (and an RBAC hint on 401/403), a timeout, or a network error, naming the cluster and
 * the operation. The client's own messages, which repeat request headers and bodies, are never
 * passed on whole.
 * @public
 */
export function describeKubernetesFailure(
  error: unknown,
  options: { cluster: ConfiguredCluster; timeoutMs: number; operation: string },
): KubernetesFailure {
  const { cluster, timeoutMs, operation } = options;
  const api = `Kubernetes API at ${cluster.url} (cluster '${cluster.name}')`;
  const status = kubernetesApiStatus(error);
  if (status !== undefined) {
    const message = statusMessage((error as { body?: unknown }).body);
    const hint =
      status === 401 || status === 403
        ? '; check the serviceAccountToken of the cluster and its RBAC'
        : '';
    return {
      message: `${api} refused ${operation} (${status}${
        message ? `: ${message}` : ''
      })${hint}`,
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
    message: `${api} failed while ${operation}: ${message.slice(0, 300)}`,
  };
}
