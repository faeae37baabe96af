/** An Argo CD Application as the API returns it (the fields the actions read). */
export type ArgoApplication = {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, any>;
  status?: {
    sync?: {
      status?: string;
      revision?: string;
      comparedTo?: Record<string, any>;
    };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string };
    conditions?: Array<{ type?: string; message?: string }>;
  };
};

/** A failed Argo CD call, with the server's own message when it sent one. */
export class ArgoCdError extends Error {
  name = 'ArgoCdError';

  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** Options of {@link ArgoCdClient}. */
export type ArgoCdClientOptions = {
  url: string;
  /** API token. Sent as a Bearer header only. */
  token: string;
  /** Timeout of each request in milliseconds. */
  timeoutMs: number;
  /** Aborts running requests (the task was cancelled). */
  signal?: AbortSignal;
};

/**
 * The Argo CD API calls the scaffolder needs, each with a timeout. Errors name Argo CD, its
 * URL and the server's message (`{error, code, message}` bodies); the token never appears.
 */
export class ArgoCdClient {
  constructor(private readonly options: ArgoCdClientOptions) {}

  /**
   * Reads an Application, or undefined when it does not exist. The project is passed because
   * Argo CD answers 403 rather than 404 for a missing app when no project is given.
   */
  async getApplication(
    name: string,
    project: string,
  ): Promise<ArgoApplication | undefined> {
    const path = `/api/v1/applications/${encodeURIComponent(
      name,
    )}?projects=${encodeURIComponent(project)}`;
    try {
      return await this.request<ArgoApplication>('GET', path);
    } catch (error) {
      if (error instanceof ArgoCdError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Creates the Application; Argo CD refuses (400 "existing application spec is different" or
   * 409) when one of that name exists, so nothing is overwritten.
   */
  createApplication(application: object): Promise<ArgoApplication> {
    return this.request<ArgoApplication>(
      'POST',
      '/api/v1/applications',
      application,
    );
  }

  /** Creates the Application, or updates its spec when it exists (`upsert=true`). */
  upsertApplication(application: object): Promise<ArgoApplication> {
    return this.request<ArgoApplication>(
      'POST',
      '/api/v1/applications?upsert=true',
      application,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const { url, token, timeoutMs, signal } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        redirect: 'error',
      });
    } catch (error) {
      const { name, cause } = error as {
        name?: string;
        cause?: { code?: string; syscall?: string };
      };
      if (signal?.aborted) {
        throw new ArgoCdError(
          `Request to Argo CD at ${url} was cancelled (${method} ${path})`,
        );
      }
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ArgoCdError(
          `Argo CD at ${url} did not answer within ${timeoutMs} ms (${method} ${path})`,
        );
      }
      const reason = cause?.code
        ? `${cause.syscall ? `${cause.syscall} ` : ''}${cause.code}`
        : (error as Error).message;
      throw new ArgoCdError(`Argo CD at ${url} is unreachable (${reason})`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ArgoCdError(
        `Argo CD at ${url} answered ${response.status} to ${method} ${
          path.split('?')[0]
        }: ${serverMessage(text) || response.statusText}`,
        response.status,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ArgoCdError(
        `Argo CD at ${url} sent a response that is not JSON (${method} ${path})`,
      );
    }
  }
}

/** Argo CD (grpc-gateway) errors are `{error, code, message}`; older ones only `error`. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message =
      typeof body.message === 'string' ? body.message : body.error;
    return typeof message === 'string' ? message.slice(0, 500) : '';
  } catch {
    return text.slice(0, 200).trim();
  }
}
