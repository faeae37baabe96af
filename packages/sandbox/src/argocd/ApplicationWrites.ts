import { jsonEqual } from '../cluster/jsonEqual';
import { ClusterStore, KubeObject, ResourceType } from '../cluster/types';
import { ArgoApiError, applicationNotFound } from './ArgoApiError';
import { ArgoCdReconciler } from './ArgoCdReconciler';
import {
  APPLICATION_API_VERSION,
  ARGOCD_NAMESPACE,
  timestamp,
} from './applicationTypes';
import { listTrackedObjects } from './trackedObjects';

/**
 * Application CRUD behind the API: validation and messages of Argo CD's application service.
 * New and changed Applications are reconciled before the call returns.
 */
export class ApplicationWrites {
  private readonly type: ResourceType;

  constructor(
    private readonly store: ClusterStore,
    private readonly reconciler: ArgoCdReconciler,
  ) {
    this.type = store.typeFor(APPLICATION_API_VERSION, 'Application')!;
  }

  /** Applications, optionally filtered by a Kubernetes label selector. */
  list(selector?: string): KubeObject[] {
    try {
      return this.store.list(this.type, {
        namespace: ARGOCD_NAMESPACE,
        labelSelector: selector,
      });
    } catch (error) {
      throw new ArgoApiError('InvalidArgument', (error as Error).message);
    }
  }

  /** One Application or the NotFound error. */
  require(name: string): KubeObject {
    const app = this.reconciler.getApplication(name);
    if (!app) {
      throw applicationNotFound(name);
    }
    return app;
  }

  /**
   * `POST /api/v1/applications`, as Argo CD's application server does it: an existing Application
   * with the same spec, labels, annotations and finalizers is returned unchanged; a different one
   * is refused unless `upsert`, which replaces spec and finalizers and merges labels and
   * annotations. A new or changed Application is reconciled (synced when automated) right after.
   */
  create(body: unknown, upsert: boolean): KubeObject {
    const app = this.validate(body);
    const existing = this.reconciler.getApplication(app.metadata.name);
    if (!existing) {
      const created = this.store.create(app);
      this.reconcileSoon(created.metadata.name);
      return created;
    }
    const finalizers = (m: KubeObject['metadata']) =>
      (m as { finalizers?: string[] }).finalizers;
    const same =
      jsonEqual(existing.spec, app.spec) &&
      jsonEqual(existing.metadata.labels, app.metadata.labels) &&
      jsonEqual(existing.metadata.annotations, app.metadata.annotations) &&
      jsonEqual(finalizers(existing.metadata), finalizers(app.metadata));
    if (same) {
      return existing;
    }
    if (!upsert) {
      throw new ArgoApiError(
        'InvalidArgument',
        'existing application spec is different, use upsert flag to force update',
      );
    }
    const updated = this.store.update({
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: { ...existing.metadata.labels, ...app.metadata.labels },
        annotations: {
          ...existing.metadata.annotations,
          ...app.metadata.annotations,
        },
        finalizers: finalizers(app.metadata),
      } as KubeObject['metadata'],
      spec: app.spec,
    });
    this.reconcileSoon(updated.metadata.name);
    return updated;
  }

  /** `PUT /api/v1/applications/{name}`. */
  update(name: string, body: unknown): KubeObject {
    const existing = this.require(name);
    const app = this.validate(body);
    if (app.metadata.name !== name) {
      throw new ArgoApiError(
        'InvalidArgument',
        `application name does not match: ${app.metadata.name} != ${name}`,
      );
    }
    const updated = this.store.update({
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: app.metadata.labels ?? existing.metadata.labels,
        annotations: app.metadata.annotations ?? existing.metadata.annotations,
        resourceVersion:
          app.metadata.resourceVersion ?? existing.metadata.resourceVersion,
      },
      spec: app.spec,
    });
    this.reconcileSoon(name);
    return updated;
  }

  /** `DELETE /api/v1/applications/{name}`; with cascade the managed objects go too. */
  delete(name: string, cascade: boolean): void {
    this.require(name);
    if (cascade) {
      for (const { type, object } of listTrackedObjects(this.store, name)) {
        this.store.delete(
          type,
          object.metadata.namespace,
          object.metadata.name,
        );
      }
    }
    this.store.delete(this.type, ARGOCD_NAMESPACE, name);
  }

  /** `GET /api/v1/projects/{name}`: only the built-in `default` project exists. */
  project(name: string) {
    if (name !== 'default') {
      throw new ArgoApiError(
        'NotFound',
        `appprojects.argoproj.io "${name}" not found`,
      );
    }
    return {
      metadata: {
        name: 'default',
        namespace: ARGOCD_NAMESPACE,
        creationTimestamp: timestamp(new Date(0)),
      },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
      status: {},
    };
  }

  private validate(body: unknown): KubeObject {
    const app = body as KubeObject | undefined;
    if (!app?.metadata?.name || !app.spec?.source || !app.spec?.destination) {
      throw new ArgoApiError(
        'InvalidArgument',
        'application spec is invalid: metadata.name, spec.source and spec.destination are required',
      );
    }
    return {
      apiVersion: APPLICATION_API_VERSION,
      kind: 'Application',
      metadata: {
        name: app.metadata.name,
        namespace: ARGOCD_NAMESPACE,
        labels: app.metadata.labels,
        annotations: app.metadata.annotations,
        finalizers: (app.metadata as { finalizers?: string[] }).finalizers,
        resourceVersion: app.metadata.resourceVersion || undefined,
      } as KubeObject['metadata'],
      spec: { project: 'default', ...app.spec },
    };
  }

  private reconcileSoon(name: string) {
    this.reconciler.reconcile(name, { refresh: true }).catch(() => undefined);
  }
}
