import { jsonEqual } from '../cluster/jsonEqual';
import {
  ClusterStore,
  KubeObject,
  ResourceType,
  WatchEvent,
} from '../cluster/types';
import {
  ArgoApiError,
  applicationNotFound,
  requireApplicationInProject,
} from './ArgoApiError';
import { compareApplication } from './applicationStatus';
import {
  APPLICATION_API_VERSION,
  applicationSpec,
  ApplicationOperation,
  ARGOCD_NAMESPACE,
  RollbackRequest,
  SyncRequest,
  timestamp,
} from './applicationTypes';
import { bootstrapApplications } from './bootstrapApplications';
import { chooseAutomatedOperation } from './chooseOperation';
import { LocalRepositories } from './LocalRepositories';
import {
  ManifestReader,
  readRevisionMetadata,
  RevisionMetadata,
} from './manifestsAtRevision';
import { operationDelayOf, OperationTimers } from './OperationTimers';
import { rollbackOperation, syncOperation } from './requestedOperation';
import { endOperation, OperationResult, runOperation } from './runOperation';
import {
  listTrackedObjects,
  prepareDesiredObjects,
  TRACKING_LABEL,
} from './trackedObjects';
import { buildStatus } from './buildStatus';

/** Options for {@link ArgoCdReconciler}. */
export interface ArgoCdReconcilerOptions {
  store: ClusterStore;
  /** The directory holding the bare repositories (`<name>.git`) Applications may point at. */
  gitRoot: string;
  /** The repository whose `apps/` directory holds the Applications (app-of-apps root). */
  appsRepository: string;
  /** How often Git is polled, like Argo CD's `timeout.reconciliation` (default 180 s there). */
  pollSeconds: number;
  /**
   * How long an operation requested through the API (sync, rollback) stays `Running` before it
   * applies, in milliseconds (default 0: it applies right after the call answers). An
   * Application's `sandbox.ops-portal/operation-delay-ms` annotation overrides it.
   */
  operationDelayMs?: number;
  /** Receives errors of background reconciliations. */
  onError?: (error: Error) => void;
}

/**
 * The Argo CD stand-in's application controller: keeps every Application's status in the store
 * and, for automated sync policies, keeps the cluster equal to Git (apply, prune, self-heal).
 */
export class ArgoCdReconciler {
  private readonly store: ClusterStore;
  private readonly applicationType: ResourceType;
  private readonly manifests = new ManifestReader();
  private readonly repositories: LocalRepositories;
  private readonly pendingRefresh = new Map<string, NodeJS.Timeout>();
  private readonly operationTimers = new OperationTimers(name => {
    this.reconcile(name).catch(this.reportUnlessDeleted(name));
  });
  private queue: Promise<unknown> = Promise.resolve();
  private pollTimer?: NodeJS.Timeout;
  private unwatch?: () => void;

  constructor(private readonly options: ArgoCdReconcilerOptions) {
    this.store = options.store;
    this.repositories = new LocalRepositories(options.gitRoot);
    const type = this.store.typeFor(APPLICATION_API_VERSION, 'Application');
    if (!type) {
      throw new Error(
        'The cluster store does not serve argoproj.io Applications',
      );
    }
    this.applicationType = type;
  }

  /**
   * Creates the namespace Argo CD is installed in (where Applications live) when missing, the
   * Applications from Git, syncs them once, then polls and watches for drift.
   */
  async start(): Promise<void> {
    const namespaceType = this.store.typeFor('v1', 'Namespace')!;
    if (!this.store.get(namespaceType, undefined, ARGOCD_NAMESPACE)) {
      this.store.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ARGOCD_NAMESPACE },
      });
    }
    await this.pollOnce();
    this.pollTimer = setInterval(() => {
      this.pollOnce().catch(error => this.reportError(error));
    }, this.options.pollSeconds * 1000);
    this.unwatch = this.store.watch(event => this.onClusterChange(event));
  }

  /** Stops polling and watching and waits for the reconciliation in progress. */
  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    this.unwatch?.();
    this.pendingRefresh.forEach(timer => clearTimeout(timer));
    this.pendingRefresh.clear();
    this.operationTimers.clear();
    await this.queue.catch(() => undefined);
  }

  /** Bootstraps new Applications from Git and reconciles every Application with a fresh Git look. */
  async pollOnce(): Promise<void> {
    await this.exclusive(() =>
      bootstrapApplications({
        store: this.store,
        manifests: this.manifests,
        repoPath: this.repositories.pathOf(this.options.appsRepository),
      }),
    );
    for (const app of this.listApplications()) {
      await this.reconcile(app.metadata.name, { refresh: true }).catch(
        this.reportUnlessDeleted(app.metadata.name),
      );
    }
  }

  /** Every Application in the argocd namespace. */
  listApplications(): KubeObject[] {
    return this.store.list(this.applicationType, {
      namespace: ARGOCD_NAMESPACE,
    });
  }

  /** One Application, or undefined. */
  getApplication(name: string): KubeObject | undefined {
    return this.store.get(this.applicationType, ARGOCD_NAMESPACE, name);
  }

  /**
   * Compares an Application with Git and the cluster, runs its requested operation when due (or
   * an automated sync when its policy says so) and writes its status. `refresh` re-resolves the
   * target revision.
   */
  reconcile(
    name: string,
    options: { refresh?: boolean } = {},
  ): Promise<KubeObject> {
    return this.exclusive(() => this.reconcileNow(name, options));
  }

  /**
   * `GET .../{name}?refresh=normal|hard`: reconciles the Application with a fresh look at Git at
   * once and answers it refreshed; `hard` also drops the manifests read from its repository.
   */
  async refresh(name: string, hard: boolean): Promise<KubeObject> {
    const app = this.requireApplication(name);
    if (hard) {
      this.manifests.forget(
        this.repositories.pathForUrl(applicationSpec(app).source.repoURL),
      );
    }
    return this.reconcile(name, { refresh: true });
  }

  /**
   * `POST .../sync`, as Argo CD's application server does it: the checks, the revision resolved
   * to a commit, then the operation is set and the Application answered at once (`operation` set,
   * the last `status.operationState` cleared). The operation starts `Running` right away and
   * applies in the background after the operation delay.
   */
  async sync(
    name: string,
    request: SyncRequest,
    username: string,
  ): Promise<KubeObject> {
    const app = requireApplicationInProject(
      this.getApplication(name),
      name,
      request.project,
    );
    const { source, automated } = applicationSpec(app);
    const target = source.targetRevision || 'HEAD';
    if (
      automated &&
      request.revision &&
      request.revision !== target &&
      !request.dryRun
    ) {
      throw new ArgoApiError(
        'FailedPrecondition',
        `Cannot sync to ${request.revision}: auto-sync currently set to ${
          source.targetRevision ?? ''
        }`,
      );
    }
    const revision = await this.resolveForOperation(
      app,
      request.revision || target,
    );
    return this.startOperation(
      app,
      syncOperation(app, request, revision, username),
    );
  }

  /**
   * `POST .../rollback`: a sync operation to the revision and source of one history entry
   * (manual sync policy only), started like {@link ArgoCdReconciler.sync}'s.
   */
  async rollback(
    name: string,
    request: RollbackRequest,
    username: string,
  ): Promise<KubeObject> {
    const app = requireApplicationInProject(
      this.getApplication(name),
      name,
      request.project,
    );
    return this.startOperation(app, rollbackOperation(app, request, username));
  }

  /**
   * `DELETE .../operation`: marks the running operation `Terminating`; the controller then ends
   * it `Failed` with `Operation terminated`, applying nothing more. With no operation: Argo CD's
   * InvalidArgument.
   */
  terminateOperation(name: string, project?: string): Promise<void> {
    return this.exclusive(async () => {
      const app = requireApplicationInProject(
        this.getApplication(name),
        name,
        project,
      );
      const state = app.status?.operationState;
      if (!app.operation || !state) {
        throw new ArgoApiError(
          'InvalidArgument',
          'Unable to terminate operation. No operation is in progress',
        );
      }
      this.writeStatus(app, {
        ...app.status,
        operationState: { ...state, phase: 'Terminating' },
      });
      this.operationTimers.hurry(name, app.metadata.uid!);
    });
  }

  /** Commit metadata for `GET .../revisions/{revision}/metadata`. */
  async revisionMetadata(
    name: string,
    revision: string,
  ): Promise<RevisionMetadata> {
    const app = this.requireApplication(name);
    const repoPath = this.repositories.pathForUrl(
      applicationSpec(app).source.repoURL,
    );
    try {
      return await readRevisionMetadata(repoPath, revision);
    } catch (error) {
      throw new ArgoApiError('Unknown', (error as Error).message);
    }
  }

  private async reconcileNow(
    name: string,
    options: { refresh?: boolean },
  ): Promise<KubeObject> {
    const app = this.requireApplication(name);
    const spec = applicationSpec(app);
    let sha: string;
    let desired;
    try {
      const repoPath = this.repositories.pathForUrl(spec.source.repoURL);
      sha = await this.repositories.resolve(
        repoPath,
        spec.source.targetRevision || 'HEAD',
        options.refresh ?? false,
      );
      desired = await this.desiredAt(app, spec.source, sha);
    } catch (error) {
      const message = (error as Error).message;
      return this.writeResult(
        app,
        buildStatus({ app, comparisonError: message }),
        this.requestedOperationEnd(app, message),
      );
    }
    const tracked = listTrackedObjects(this.store, name);
    let comparison = compareApplication({
      store: this.store,
      desired: desired.objects,
      tracked,
    });

    let operationResult: OperationResult | undefined;
    const requested = this.dueOperation(app);
    const operation =
      requested ??
      chooseAutomatedOperation({
        app,
        revision: sha,
        syncStatus: comparison.syncStatus,
      });
    if (requested && app.status?.operationState?.phase === 'Terminating') {
      operationResult = endOperation({
        operationState: app.status.operationState,
        operation: requested,
        phase: 'Failed',
        message: 'Operation terminated',
        source: requested.sync.source ?? spec.source,
      });
    } else if (operation) {
      const source = operation.sync.source ?? spec.source;
      let opSha = sha;
      let opDesired: typeof desired | undefined = desired;
      try {
        if (requested) {
          opSha = operation.sync.revision
            ? await this.repositories.resolve(
                this.repositories.pathForUrl(source.repoURL as string),
                operation.sync.revision,
                true,
              )
            : sha;
          if (opSha !== sha || !jsonEqual(source, spec.source)) {
            opDesired = await this.desiredAt(app, source, opSha);
          }
        }
      } catch (error) {
        opDesired = undefined;
        operationResult = endOperation({
          operationState: app.status?.operationState ?? {},
          operation,
          phase: 'Error',
          message: (error as Error).message,
          source,
        });
      }
      // Deleted (or deleted and created again) while the manifests were read: like Argo CD's
      // finalizer, a deletion ends the operation; nothing is applied for the old Application.
      if (!this.isCurrent(app)) return app;
      if (opDesired) {
        operationResult = runOperation({
          store: this.store,
          app,
          operation: {
            ...operation,
            sync: { ...operation.sync, revision: opSha },
          },
          revision: opSha,
          source,
          startedAt: requested
            ? app.status?.operationState?.startedAt
            : undefined,
          desired: opDesired.objects,
          tracked,
        });
        if (!operation.sync.dryRun) {
          comparison = compareApplication({
            store: this.store,
            desired: desired.objects,
            tracked: listTrackedObjects(this.store, name),
          });
        }
      }
    }
    if (!this.isCurrent(app)) return app;
    return this.writeResult(
      app,
      buildStatus({
        app,
        revision: sha,
        comparison,
        conditions: desired.errors,
        operation: operationResult,
      }),
      requested ? operationResult : undefined,
    );
  }

  /** The requested operation (`operation`) that may run now: terminating, or past its delay. */
  private dueOperation(app: KubeObject): ApplicationOperation | undefined {
    const operation = app.operation as ApplicationOperation | undefined;
    if (!operation?.sync) return undefined;
    const terminating = app.status?.operationState?.phase === 'Terminating';
    return terminating || this.operationTimers.isDue(app)
      ? operation
      : undefined;
  }

  /** A requested operation that cannot run because the manifests cannot be read ends `Error`. */
  private requestedOperationEnd(
    app: KubeObject,
    message: string,
  ): OperationResult | undefined {
    const operation = this.dueOperation(app);
    if (!operation) return undefined;
    const terminating = app.status?.operationState?.phase === 'Terminating';
    return endOperation({
      operationState: app.status?.operationState ?? {},
      operation,
      phase: terminating ? 'Failed' : 'Error',
      message: terminating ? 'Operation terminated' : message,
      source: operation.sync.source ?? applicationSpec(app).source,
    });
  }

  /**
   * Writes the status; when a requested operation ended, with its final state and without
   * `operation` (Argo CD clears it when the operation completes).
   */
  private writeResult(
    app: KubeObject,
    status: Record<string, unknown>,
    ended: OperationResult | undefined,
  ): KubeObject {
    if (!ended) {
      return this.writeStatus(app, status);
    }
    this.operationTimers.cancel(app.metadata.name);
    const { operation: _done, ...rest } = this.requireApplication(
      app.metadata.name,
    );
    const { resourceVersion: _ignored, ...metadata } = rest.metadata;
    return this.store.update({
      ...rest,
      metadata,
      status: { ...status, operationState: ended.operationState },
    });
  }

  /**
   * Sets a requested operation, as Argo CD's `SetAppOperation` does (refused while another one is
   * set; the last operation state cleared: the answer), and has the controller pick it up at once
   * (`phase: Running`, `startedAt`), its clock started.
   */
  private startOperation(
    app: KubeObject,
    operation: ApplicationOperation,
  ): Promise<KubeObject> {
    const { name, uid } = app.metadata;
    return this.exclusive(async () => {
      const current = this.getApplication(name);
      if (!current || current.metadata.uid !== uid) {
        throw applicationNotFound(name);
      }
      if (current.operation) {
        throw new ArgoApiError(
          'FailedPrecondition',
          'another operation is already in progress',
        );
      }
      const { operationState: _last, ...status } = current.status ?? {};
      const { resourceVersion: _ignored, ...metadata } = current.metadata;
      const answer = this.store.update({
        ...current,
        metadata,
        operation,
        status,
      });
      this.writeStatus(answer, {
        ...status,
        operationState: { operation, phase: 'Running', startedAt: timestamp() },
      });
      this.operationTimers.schedule(
        name,
        uid!,
        operationDelayOf(current, this.options.operationDelayMs ?? 0),
      );
      return answer;
    });
  }

  /**
   * Resolves the revision of a sync request to a commit now (Argo CD does not use its revision
   * cache for a user's sync); a failure is FailedPrecondition, worded as Argo CD's.
   */
  private async resolveForOperation(
    app: KubeObject,
    revision: string,
  ): Promise<string> {
    const repoPath = this.repositories.pathForUrl(
      applicationSpec(app).source.repoURL,
    );
    try {
      return await this.repositories.resolve(repoPath, revision, true);
    } catch (error) {
      throw new ArgoApiError(
        'FailedPrecondition',
        `error resolving repo revision: rpc error: code = Unknown desc = ${
          (error as Error).message
        }`,
      );
    }
  }

  private async desiredAt(
    app: KubeObject,
    source: Record<string, any>,
    sha: string,
  ) {
    const spec = applicationSpec(app);
    const manifests = await this.manifests.read(
      this.repositories.pathForUrl(source.repoURL),
      sha,
      source.path ?? '.',
    );
    return prepareDesiredObjects({
      store: this.store,
      manifests,
      appName: app.metadata.name,
      destinationNamespace: spec.destination.namespace,
    });
  }

  private isCurrent(app: KubeObject): boolean {
    return (
      this.getApplication(app.metadata.name)?.metadata.uid === app.metadata.uid
    );
  }

  private writeStatus(app: KubeObject, status: unknown): KubeObject {
    const { resourceVersion: _ignored, ...metadata } = app.metadata;
    return this.store.updateStatus({ ...app, metadata, status });
  }

  private requireApplication(name: string): KubeObject {
    const app = this.getApplication(name);
    if (!app) {
      throw applicationNotFound(name);
    }
    return app;
  }

  private onClusterChange(event: WatchEvent) {
    const appName = event.object.metadata.labels?.[TRACKING_LABEL];
    if (!appName || event.object.apiVersion === APPLICATION_API_VERSION) {
      return;
    }
    // Coalesce bursts (a sync writes many objects); self-heal and health follow within ~100 ms.
    if (this.pendingRefresh.has(appName)) {
      return;
    }
    this.pendingRefresh.set(
      appName,
      setTimeout(() => {
        this.pendingRefresh.delete(appName);
        if (this.getApplication(appName)) {
          this.reconcile(appName).catch(this.reportUnlessDeleted(appName));
        }
      }, 100),
    );
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * For background reconciles: an Application deleted while its reconcile waited in the queue is
   * not an error (Argo CD drops the refresh too); anything else is reported.
   */
  private reportUnlessDeleted(name: string) {
    return (error: unknown) => {
      if (this.getApplication(name)) {
        this.reportError(error);
      }
    };
  }

  private reportError(error: unknown) {
    this.options.onError?.(
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}
