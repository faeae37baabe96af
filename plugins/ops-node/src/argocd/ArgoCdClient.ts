import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ArgoCdInstance } from '../config/readArgoCdInstance';
import { UpstreamError } from '../errors/UpstreamError';
import type {
  ArgoApplication,
  ArgoApplicationManifest,
} from './ArgoApplication';
import { argoCdApplicationPath } from './applicationPath';

/** Options of {@link ArgoCdClient}. @public */
export interface ArgoCdClientOptions {
  /** Timeout of each request in milliseconds. */
  timeoutMs: number;
  /** Where failures are logged with the instance's URL (never its token). */
  logger?: LoggerService;
  /** Aborts running requests (e.g. a cancelled scaffolder task). */
  signal?: AbortSignal;
}

/** Options of {@link ArgoCdClient.syncApplication}. @public */
export interface ArgoCdSyncOptions {
  /** Revision to sync to; the Application's target revision when omitted. */
  revision?: string;
  /** Delete the objects Argo CD tracks that are no longer in Git. */
  prune?: boolean;
  /** Compute the sync without applying it. */
  dryRun?: boolean;
}

/**
 * The Argo CD API calls of the portal, against one configured instance ({@link ArgoCdInstance}:
 * pass the writer's from `readArgoCdWriter` for writes, the reader's for reads). Every request
 * has a timeout; Application names are checked as DNS-1123 names and URL-encoded
 * ({@link argoCdApplicationPath}) before any request. Failures are `@backstage/errors`: an
 * invalid name an InputError, a taken name on create a ConflictError, a sync of a missing
 * Application a NotFoundError, anything else an {@link UpstreamError} (503) carrying Argo CD's
 * status. Messages name the instance by its configured name and quote the server's message;
 * its URL goes to the server log only, and the token only ever travels in the Authorization header.
 * @public
 */
export class ArgoCdClient {
  constructor(
    private readonly instance: ArgoCdInstance,
    private readonly options: ArgoCdClientOptions,
  ) {}

  /** The configured name of the instance, for messages. */
  get instanceName(): string {
    return this.instance.name;
  }

  /**
   * The Application, or undefined when Argo CD has none of that name. Pass the project when it
   * is known: without one Argo CD answers 403 rather than 404 for a missing Application.
   */
  async getApplication(
    name: string,
    options: { project?: string } = {},
  ): Promise<ArgoApplication | undefined> {
    const query = options.project
      ? `?projects=${encodeURIComponent(options.project)}`
      : '';
    try {
      return await this.request<ArgoApplication>(
        'GET',
        argoCdApplicationPath(name, query),
      );
    } catch (error) {
      if (error instanceof UpstreamError && error.upstreamStatus === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Creates the Application. It never overwrites: when one of that name exists Argo CD refuses
   * (409, or 400 "existing application spec is different"), which is a ConflictError here.
   */
  async createApplication(
    application: ArgoApplicationManifest,
  ): Promise<ArgoApplication> {
    const name = application.metadata.name;
    argoCdApplicationPath(name);
    try {
      return await this.request<ArgoApplication>(
        'POST',
        '/api/v1/applications',
        application,
      );
    } catch (error) {
      if (
        error instanceof UpstreamError &&
        (error.upstreamStatus === 409 ||
          (error.upstreamStatus === 400 && /exist/i.test(error.message)))
      ) {
        throw new ConflictError(
          `Argo CD '${this.instance.name}' already has an Application named '${name}'`,
        );
      }
      throw error;
    }
  }

  /**
   * Creates the Application or replaces the spec of the existing one (`upsert=true`). Only for a
   * caller that has checked the existing Application is its own.
   */
  async upsertApplication(
    application: ArgoApplicationManifest,
  ): Promise<ArgoApplication> {
    argoCdApplicationPath(application.metadata.name);
    return this.request<ArgoApplication>(
      'POST',
      '/api/v1/applications?upsert=true',
      application,
    );
  }

  /** Asks Argo CD to sync the Application now; a NotFoundError when it has none of that name. */
  async syncApplication(
    name: string,
    options: ArgoCdSyncOptions = {},
  ): Promise<ArgoApplication> {
    const body: Record<string, unknown> = {};
    if (options.revision !== undefined) body.revision = options.revision;
    if (options.prune !== undefined) body.prune = options.prune;
    if (options.dryRun !== undefined) body.dryRun = options.dryRun;
    try {
      return await this.request<ArgoApplication>(
        'POST',
        argoCdApplicationPath(name, '/sync'),
        body,
      );
    } catch (error) {
      if (error instanceof UpstreamError && error.upstreamStatus === 404) {
        throw new NotFoundError(
          `Argo CD '${this.instance.name}' has no Application '${name}'`,
        );
      }
      throw error;
    }
  }

  private async request<T>(
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const { url, token, name: instanceName } = this.instance;
    const { timeoutMs, signal, logger } = this.options;
    const what = `${method} ${path.split('?')[0]}`;
    const fail = (message: string, status?: number) => {
      // A 404 is an answer (no such Application), not a failure of the instance.
      if (status !== 404) {
        logger?.warn(`Argo CD '${instanceName}' at ${url}: ${message}`);
      }
      return new UpstreamError(`Argo CD '${instanceName}' ${message}`, status);
    };
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
        cause?: { code?: string };
      };
      if (signal?.aborted) {
        throw fail(`request was cancelled (${what})`);
      }
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw fail(`did not answer within ${timeoutMs} ms (${what})`);
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
