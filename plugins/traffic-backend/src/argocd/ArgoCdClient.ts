import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ArgoCdInstance } from '@internal/plugin-ops-node';
import { UpstreamError } from '../errors';
import { isArgoCdApplicationName } from '../names/kubernetesNames';

/** An Argo CD Application as the API returns it (the fields the editor reads). */
export interface ArgoApplication {
  metadata: { name: string; namespace?: string };
  spec?: {
    source?: {
      repoURL?: string;
      path?: string;
      targetRevision?: string;
      directory?: { recurse?: boolean };
    };
    sources?: unknown[];
    [key: string]: unknown;
  };
}

/** Argo CD (grpc-gateway) errors are `{error, code, message}`; older ones only `error`. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message =
      typeof body.message === 'string' ? body.message : body.error;
    return typeof message === 'string' ? message.slice(0, 300) : '';
  } catch {
    return text.slice(0, 200).trim();
  }
}

/** The URL path of an Application; refuses a name that is not a Kubernetes object name. */
export function applicationPath(name: string, suffix = ''): string {
  if (!isArgoCdApplicationName(name)) {
    throw new InputError(
      `'${name.slice(
        0,
        100,
      )}' is not a valid Argo CD Application name (a DNS-1123 name)`,
    );
  }
  return `/api/v1/applications/${encodeURIComponent(name)}${suffix}`;
}

/**
 * The two Argo CD API calls of the traffic editor (read an Application, ask for a sync), each
 * with a timeout. Application names are checked before any request ({@link applicationPath}).
 * Errors are {@link UpstreamError}s naming the Argo CD instance by its configured name and the
 * server's message; its URL goes to the server log only, and the token only ever travels in the
 * Authorization header.
 */
export class ArgoCdClient {
  constructor(
    private readonly instance: ArgoCdInstance,
    private readonly timeoutMs: number,
    private readonly logger?: LoggerService,
  ) {}

  /** The Application, or undefined when Argo CD has none of that name. */
  async getApplication(name: string): Promise<ArgoApplication | undefined> {
    const path = applicationPath(name);
    try {
      return await this.request<ArgoApplication>('GET', path);
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** Asks Argo CD to sync the Application to its target revision now. */
  async syncApplication(name: string): Promise<void> {
    await this.request('POST', applicationPath(name, '/sync'), {});
  }

  private async request<T>(
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const { url, token, name: instanceName } = this.instance;
    const what = `${method} ${path}`;
    const argo = `Argo CD '${instanceName}'`;
    const fail = (message: string, status?: number) => {
      this.logger?.warn(`Traffic editor: Argo CD at ${url}: ${message}`);
      return new UpstreamError(`${argo} ${message}`, status);
    };
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
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const { name, cause } = error as {
        name?: string;
        cause?: { code?: string };
      };
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw fail(`did not answer within ${this.timeoutMs} ms (${what})`);
      }
      throw fail(
        `is unreachable (${cause?.code ?? name ?? 'error'}) (${what})`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw fail(
        `answered ${response.status} to ${what}: ${
          serverMessage(text) || response.statusText
        }`,
        response.status,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw fail(`sent a response that is not JSON (${what})`);
    }
  }
}
