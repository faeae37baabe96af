import { ClusterStore, KubeObject } from '../cluster/types';
import { applyOnto } from './compareObjects';
import { Comparison } from './applicationStatus';
import { SyncOperationResource } from './applicationTypes';
import { DesiredObject, LAST_APPLIED_ANNOTATION } from './trackedObjects';

/** One entry of `status.operationState.syncResult.resources`. */
export interface SyncResultResource {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
  message: string;
  /** `Running` for an applied object (Argo CD does not wait for it), as Argo CD leaves it. */
  hookPhase: 'Running' | 'Succeeded' | 'Failed';
  syncPhase: 'Sync';
}

function lastApplied(live: KubeObject | undefined): KubeObject | undefined {
  const raw = live?.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!raw) {
    return undefined;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * The phase gitops-engine gives a task's result: an applied object stays `Running` in a wet sync
 * (single-wave syncs end without waiting for it), `Succeeded` in a dry run; pruned and skipped
 * objects `Succeeded`, failures `Failed`.
 */
function hookPhaseOf(
  status: SyncResultResource['status'],
  dryRun: boolean,
): SyncResultResource['hookPhase'] {
  if (status === 'SyncFailed') return 'Failed';
  if (status === 'Synced' && !dryRun) return 'Running';
  return 'Succeeded';
}

function resultFor(
  { type, object }: DesiredObject,
  status: SyncResultResource['status'],
  message: string,
  dryRun: boolean,
): SyncResultResource {
  return {
    group: type.group,
    version: type.version,
    kind: type.kind,
    namespace: type.namespaced ? object.metadata.namespace ?? '' : '',
    name: object.metadata.name,
    status,
    message,
    hookPhase: hookPhaseOf(status, dryRun),
    syncPhase: 'Sync',
  };
}

/** How `kubectl apply` names an object in its output: `deployment.apps/driver`, `service/driver`. */
export function kubectlObjectName({ type, object }: DesiredObject): string {
  const kind = type.kind.toLowerCase();
  return `${type.group ? `${kind}.${type.group}` : kind}/${
    object.metadata.name
  }`;
}

/** Whether a partial sync's `resources` name the object (no namespace matches any, as Argo CD). */
function isSelected(
  resources: SyncOperationResource[] | undefined,
  { type, object }: DesiredObject,
): boolean {
  if (!resources || resources.length === 0) return true;
  return resources.some(
    r =>
      r.name === object.metadata.name &&
      r.kind === type.kind &&
      (r.group ?? '') === type.group &&
      (!r.namespace || r.namespace === (object.metadata.namespace ?? '')),
  );
}

/** `spec.syncPolicy.managedNamespaceMetadata` of an Application. */
export interface ManagedNamespaceMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The annotation Argo CD adds to a namespace whose metadata it manages (it applies it server-side). */
export const NAMESPACE_SYNC_OPTIONS_ANNOTATION =
  'argocd.argoproj.io/sync-options';

/**
 * `CreateNamespace=true` as Argo CD does it: creates the destination namespace when missing and,
 * with `managedNamespaceMetadata`, sets its labels and annotations on the namespace (created or
 * existing) on every sync, next to what others put there, with Argo CD's
 * `argocd.argoproj.io/sync-options: ServerSideApply=true` annotation.
 */
function syncNamespace(
  store: ClusterStore,
  name: string,
  managed: ManagedNamespaceMetadata | undefined,
): void {
  const namespaceType = store.typeFor('v1', 'Namespace');
  if (!namespaceType) return;
  const live = store.get(namespaceType, undefined, name);
  const wanted = managed
    ? {
        labels: { ...(managed.labels ?? {}) },
        annotations: {
          ...(managed.annotations ?? {}),
          [NAMESPACE_SYNC_OPTIONS_ANNOTATION]: 'ServerSideApply=true',
        },
      }
    : undefined;
  if (!live) {
    store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        ...(wanted && Object.keys(wanted.labels).length
          ? { labels: wanted.labels }
          : {}),
        ...(wanted ? { annotations: wanted.annotations } : {}),
      },
    });
    return;
  }
  if (!wanted) return;
  const labels = { ...(live.metadata.labels ?? {}), ...wanted.labels };
  const annotations = {
    ...(live.metadata.annotations ?? {}),
    ...wanted.annotations,
  };
  const same = (a: Record<string, string>, b: Record<string, string> = {}) =>
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([k, v]) => b[k] === v);
  if (
    same(labels, live.metadata.labels) &&
    same(annotations, live.metadata.annotations)
  ) {
    return;
  }
  store.apply({ ...live, metadata: { ...live.metadata, labels, annotations } });
}

/**
 * Applies every desired object the way Argo CD's client-side apply does (recording the
 * last-applied configuration), and deletes the tracked objects Git no longer has when pruning.
 * Messages are kubectl's (`deployment.apps/driver configured`, `service/driver unchanged`) and
 * gitops-engine's (`pruned`, `ignored (requires pruning)`). With `dryRun` nothing is written and
 * the results say what would happen, with kubectl's ` (dry run)` suffix (`pruned (dry run)`).
 * With `resources` (a partial sync) only the objects named there are applied or pruned.
 */
export function syncResources(options: {
  store: ClusterStore;
  desired: DesiredObject[];
  comparison: Comparison;
  prune: boolean;
  dryRun: boolean;
  resources?: SyncOperationResource[];
  createNamespace?: string;
  /** `spec.syncPolicy.managedNamespaceMetadata`, applied to the namespace of `createNamespace`. */
  managedNamespaceMetadata?: ManagedNamespaceMetadata;
}): SyncResultResource[] {
  const { store, comparison, prune, dryRun } = options;
  const results: SyncResultResource[] = [];
  if (options.createNamespace && !dryRun) {
    syncNamespace(
      store,
      options.createNamespace,
      options.managedNamespaceMetadata,
    );
  }
  const suffix = dryRun ? ' (dry run)' : '';
  const changed = new Set(comparison.outOfSync);
  for (const entry of options.desired) {
    if (!isSelected(options.resources, entry)) continue;
    const { type, object } = entry;
    if (!changed.has(entry)) {
      results.push(
        resultFor(
          entry,
          'Synced',
          `${kubectlObjectName(entry)} unchanged${suffix}`,
          dryRun,
        ),
      );
      continue;
    }
    const live = store.get(
      type,
      object.metadata.namespace,
      object.metadata.name,
    );
    const verb = live ? 'configured' : 'created';
    try {
      if (!dryRun) {
        const next = applyOnto(object, live, lastApplied(live));
        next.metadata.annotations = {
          ...next.metadata.annotations,
          [LAST_APPLIED_ANNOTATION]: JSON.stringify(object),
        };
        store.apply(next);
      }
      results.push(
        resultFor(
          entry,
          'Synced',
          `${kubectlObjectName(entry)} ${verb}${suffix}`,
          dryRun,
        ),
      );
    } catch (error) {
      results.push(
        resultFor(entry, 'SyncFailed', (error as Error).message, dryRun),
      );
    }
  }
  for (const entry of comparison.extra) {
    if (!isSelected(options.resources, entry)) continue;
    const { type, object } = entry;
    if (!prune) {
      results.push(
        resultFor(entry, 'PruneSkipped', 'ignored (requires pruning)', dryRun),
      );
      continue;
    }
    if (!dryRun) {
      store.delete(type, object.metadata.namespace, object.metadata.name);
    }
    results.push(resultFor(entry, 'Pruned', `pruned${suffix}`, dryRun));
  }
  return results;
}
