import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { ArgoCdInstance } from '../config/readArgoCdInstance';
import { UpstreamError } from '../errors/UpstreamError';
import type {
  ArgoApplication,
  ArgoApplicationManifest,
  ArgoRevisionMetadata,
} from './ArgoApplication';
import { argoCdApplicationPath } from './applicationPath';
import { ArgoCdAnswerError, argoCdRefusal } from './argoCdRefusal';

/** Options of {@link ArgoCdClient}. @public */
export interface ArgoCdClientOptions {
  /** Timeout of each request in milliseconds. */
  timeoutMs: number;
  /** Where failures are logged with the instance's URL (never its token). */
  logger?: LoggerService;
  /** Aborts running requests (e.g. a cancelled scaffolder task). */
  signal?: AbortSignal;
}

/**
 * The Application's project, for calls on one Application. With it Argo CD answers 404 for an
 * Application that does not exist; without it, 403 (so as not to tell which exist). @public
 */
export interface ArgoCdProjectOption {
  project?: string;
}

/** Options of {@link ArgoCdClient.syncApplication}. @public */
export interface ArgoCdSyncOptions extends ArgoCdProjectOption {
  /** Revision to sync to; the Application's target revision when omitted. */
  revision?: string;
  /** Delete the objects Argo CD tracks that are no longer in Git. */
  prune?: boolean;
  /** Compute the sync without applying it. */
  dryRun?: boolean;
}

/** Options of {@link ArgoCdClient.rollbackApplication}. @public */
export interface ArgoCdRollbackOptions extends ArgoCdProjectOption {
  /** The `status.history` id to go back to. */
  id: number;
  prune?: boolean;
  dryRun?: boolean;
}

/** Per-call options of reads that may take longer or shorter than the client's timeout. @public */
export interface ArgoCdCallOptions extends ArgoCdProjectOption {
  /** This call's timeout in milliseconds; the client's `timeoutMs` when omitted. */
  timeoutMs?: number;
}

/**
 * The Argo CD API calls of the portal, against one configured instance ({@link ArgoCdInstance}:
 * pass the writer's from `readArgoCdWriter` for writes, the reader's for reads). Every request
 * has a timeout; Application names are checked as DNS-1123 names and URL-encoded
 * ({@link argoCdApplicationPath}) before any request. Failures are `@backstage/errors`: an
 * invalid name an InputError, a taken name on create a ConflictError; the calls on one
 * Application (`requireApplication`, `refreshApplication`, `syncApplication`,
 * `rollbackApplication`, `terminateOperation`) answer a missing Application with a NotFoundError,
 * Argo CD's permission refusal with a NotAllowedError carrying its message, and "another
 * operation is already in progress" (or no operation to terminate, or a rollback refused because
 * of auto-sync) with a ConflictError; anything else is an {@link UpstreamError} (503) carrying
 * Argo CD's status. Messages name the instance by its configured name and quote the server's message;
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

  /**
   * The Application; a NotFoundError when Argo CD has none of that name (with `project`; without
   * it Argo CD answers 403, a NotAllowedError), a NotAllowedError when Argo CD refuses.
   */
  async requireApplication(
    name: string,
    options: ArgoCdProjectOption = {},
  ): Promise<ArgoApplication> {
    const query = options.project
      ? `?projects=${encodeURIComponent(options.project)}`
      : '';
    return this.onApplication(name, 'read', options, () =>
      this.request<ArgoApplication>('GET', argoCdApplicationPath(name, query)),
    );
  }

  /**
   * Refreshes the Application (`GET ?refresh=hard|normal`) and answers it once refreshed: a hard
   * refresh drops Argo CD's manifest cache and regenerates the manifests from Git. Argo CD answers
   * when the controller has refreshed it, so give a longer `timeoutMs` than a read's.
   */
  async refreshApplication(
    name: string,
    options: ArgoCdCallOptions & { hard?: boolean } = {},
  ): Promise<ArgoApplication> {
    const query = new URLSearchParams({
      refresh: options.hard === false ? 'normal' : 'hard',
    });
    if (options.project) query.set('projects', options.project);
    return this.onApplication(name, 'refresh', options, () =>
      this.request<ArgoApplication>(
        'GET',
        argoCdApplicationPath(name, `?${query}`),
        undefined,
        options.timeoutMs,
      ),
    );
  }

  /**
   * Asks Argo CD to sync the Application now (it answers at once, with the operation set; the
   * sync runs in the background). With `revision`, to that revision (Argo CD refuses another
   * revision than the target one while auto-sync is on).
   */
  async syncApplication(
    name: string,
    options: ArgoCdSyncOptions = {},
  ): Promise<ArgoApplication> {
    const body: Record<string, unknown> = {};
    if (options.revision !== undefined) body.revision = options.revision;
    if (options.prune !== undefined) body.prune = options.prune;
    if (options.dryRun !== undefined) body.dryRun = options.dryRun;
    if (options.project !== undefined) body.project = options.project;
    return this.onApplication(name, 'sync', options, () =>
      this.request<ArgoApplication>(
        'POST',
        argoCdApplicationPath(name, '/sync'),
        body,
      ),
    );
  }

  /**
   * Argo CD's rollback (`POST /rollback`): a sync to the revision and source of a history entry.
   * Argo CD refuses it while auto-sync is on (a ConflictError here).
   */
  async rollbackApplication(
    name: string,
    options: ArgoCdRollbackOptions,
  ): Promise<ArgoApplication> {
    const body: Record<string, unknown> = { id: options.id };
    if (options.prune !== undefined) body.prune = options.prune;
    if (options.dryRun !== undefined) body.dryRun = options.dryRun;
    if (options.project !== undefined) body.project = options.project;
    return this.onApplication(name, 'roll back', options, () =>
      this.request<ArgoApplication>(
        'POST',
        argoCdApplicationPath(name, '/rollback'),
        body,
      ),
    );
  }

  /**
   * Terminates the running operation (`DELETE /operation`); a ConflictError when none runs.
   * Argo CD marks it `Terminating`; the controller stops it.
   */
  async terminateOperation(
    name: string,
    options: ArgoCdProjectOption = {},
  ): Promise<void> {
    const query = options.project
      ? `?project=${encodeURIComponent(options.project)}`
      : '';
    await this.onApplication(name, 'terminate the operation of', options, () =>
      this.request<unknown>(
        'DELETE',
        argoCdApplicationPath(name, `/operation${query}`),
      ),
    );
  }

  /**
   * The author, date and message of a Git revision of the Application's source
   * (`GET /revisions/{revision}/metadata`).
   */
  async getRevisionMetadata(
    name: string,
    revision: string,
    options: ArgoCdCallOptions = {},
  ): Promise<ArgoRevisionMetadata> {
    const query = options.project
      ? `?project=${encodeURIComponent(options.project)}`
      : '';
    return this.onApplication(name, 'read a revision of', options, () =>
      this.request<ArgoRevisionMetadata>(
        'GET',
        argoCdApplicationPath(
          name,
          `/revisions/${encodeURIComponent(revision)}/metadata${query}`,
        ),
        undefined,
        options.timeoutMs,
      ),
    );
  }

  /** Runs a call on one Application and answers Argo CD's refusals as `@backstage/errors`. */
  private async onApplication<T>(
    name: string,
    action: string,
    options: ArgoCdProjectOption,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw argoCdRefusal(error, {
        instance: this.instance.name,
        application: name,
        action,
        projectGiven: Boolean(options.project),
      });
    }
  }

  private async request<T>(
    method: string,
    path: string,
    body?: object,
    callTimeoutMs?: number,
  ): Promise<T> {
    const { url, token, name: instanceName } = this.instance;
    const { signal, logger } = this.options;
    const timeoutMs = callTimeoutMs ?? this.options.timeoutMs;
    const what = `${method} ${path.split('?')[0]}`;
    const fail = (message: string) => {
      logger?.warn(`Argo CD '${instanceName}' at ${url}: ${message}`);
      return new UpstreamError(`Argo CD '${instanceName}' ${message}`);
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
      const said = serverMessage(text);
      const message = `answered ${response.status} to ${what}: ${
        said || response.statusText
      }`;
      // A 404 is an answer (no such Application), not a failure of the instance.
      if (response.status !== 404) {
        logger?.warn(`Argo CD '${instanceName}' at ${url}: ${message}`);
      }
      throw new ArgoCdAnswerError(
        `Argo CD '${instanceName}' ${message}`,
        response.status,
        said,
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
