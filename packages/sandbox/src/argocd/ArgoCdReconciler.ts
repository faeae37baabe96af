import {
  ClusterStore,
  KubeObject,
  ResourceType,
  WatchEvent,
} from '../cluster/types';
import { ArgoApiError, applicationNotFound } from './ArgoApiError';
import { compareApplication } from './applicationStatus';
import {
  APPLICATION_API_VERSION,
  applicationSpec,
  ARGOCD_NAMESPACE,
  RevisionHistory,
  SyncRequest,
} from './applicationTypes';
import { bootstrapApplications } from './bootstrapApplications';
import { chooseOperation } from './chooseOperation';
import { LocalRepositories } from './LocalRepositories';
import {
  ManifestReader,
  readRevisionMetadata,
  RevisionMetadata,
} from './manifestsAtRevision';
import { runOperation } from './runOperation';
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
   * Compares an Application with Git and the cluster, runs a sync when asked to (or when its
   * automated policy says so) and writes its status. `refresh` re-resolves the target revision.
   */
  reconcile(
    name: string,
    options: { refresh?: boolean; sync?: SyncRequest; username?: string } = {},
  ): Promise<KubeObject> {
    return this.exclusive(() => this.reconcileNow(name, options));
  }

  /** `POST .../sync`: the checks the real API server makes, then a sync operation. */
  async sync(name: string, request: SyncRequest): Promise<KubeObject> {
    const app = this.requireApplication(name);
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
        `Cannot sync to ${request.revision}: auto-sync currently set to ${source.targetRevision}`,
      );
    }
    return this.reconcile(name, {
      refresh: true,
      sync: request,
      username: 'admin',
    });
  }

  /** `PUT .../rollback`: re-deploys the revision of one history entry (manual sync policy only). */
  async rollback(name: string, id: number): Promise<KubeObject> {
    const app = this.requireApplication(name);
    if (applicationSpec(app).automated) {
      throw new ArgoApiError(
        'FailedPrecondition',
        'rollback cannot be initiated when auto-sync is enabled',
      );
    }
    const history: RevisionHistory[] = app.status?.history ?? [];
    const entry = history.find(h => h.id === id);
    if (!entry) {
      throw new ArgoApiError(
        'InvalidArgument',
        `application ${name} does not have deployment with id ${id}`,
      );
    }
    return this.reconcile(name, {
      sync: { revision: entry.revision, prune: true },
      username: 'admin',
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
    options: { refresh?: boolean; sync?: SyncRequest; username?: string },
  ): Promise<KubeObject> {
    const app = this.requireApplication(name);
    const spec = applicationSpec(app);
    const repoPath = this.repositories.pathForUrl(spec.source.repoURL);
    const target = spec.source.targetRevision || 'HEAD';
    let sha: string;
    let desired;
    try {
      sha = await this.repositories.resolve(
        repoPath,
        target,
        options.refresh ?? false,
      );
      desired = await this.desiredAt(app, repoPath, sha);
    } catch (error) {
      return this.writeStatus(
        app,
        buildStatus({
          app,
          comparisonError: (error as Error).message,
        }),
      );
    }
    const tracked = listTrackedObjects(this.store, name);
    let comparison = compareApplication({
      store: this.store,
      desired: desired.objects,
      tracked,
    });

    const operation = chooseOperation({
      app,
      revision: sha,
      syncStatus: comparison.syncStatus,
      request: options.sync,
      username: options.username,
    });
    let operationResult;
    if (operation) {
      const opSha = operation.revision
        ? await this.repositories.resolve(repoPath, operation.revision, true)
        : sha;
      const opDesired =
        opSha === sha ? desired : await this.desiredAt(app, repoPath, opSha);
      // Deleted (or deleted and created again) while the manifests were read: like Argo CD's
      // finalizer, a deletion ends the operation; nothing is applied for the old Application.
      if (!this.isCurrent(app)) return app;
      operationResult = runOperation({
        store: this.store,
        app,
        operation: { ...operation, revision: opSha },
        desired: opDesired.objects,
        tracked,
      });
      if (!operation.dryRun) {
        comparison = compareApplication({
          store: this.store,
          desired: desired.objects,
          tracked: listTrackedObjects(this.store, name),
        });
      }
    }
    if (!this.isCurrent(app)) return app;
    return this.writeStatus(
      app,
      buildStatus({
        app,
        revision: sha,
        comparison,
        conditions: desired.errors,
        operation: operationResult,
      }),
    );
  }

  private async desiredAt(app: KubeObject, repoPath: string, sha: string) {
    const spec = applicationSpec(app);
    const manifests = await this.manifests.read(
      repoPath,
      sha,
      spec.source.path ?? '.',
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
