import { ClusterStore, KubeObject } from '../cluster/types';
import { compareApplication } from './applicationStatus';
import { applicationSpec, InitiatedBy, timestamp } from './applicationTypes';
import { ManagedNamespaceMetadata, syncResources } from './syncResources';
import { DesiredObject } from './trackedObjects';

/** A sync operation, as Argo CD records it in `status.operationState.operation.sync`. */
export interface SyncOperation {
  /** The commit to deploy; undefined means the Application's resolved target revision. */
  revision?: string;
  prune: boolean;
  dryRun: boolean;
  initiatedBy: InitiatedBy;
}

/** The result of one operation: `status.operationState`, and whether it deployed a revision. */
export interface OperationResult {
  operationState: Record<string, unknown>;
  /** True when the operation changed the cluster to a revision (for `status.history`). */
  deployed: boolean;
  revision: string;
  startedAt: string;
  initiatedBy: InitiatedBy;
}

/**
 * Runs one sync operation to completion. Argo CD runs operations asynchronously; the stand-in
 * runs them in line, so callers see `phase: Succeeded` (or `Failed`) straight away.
 */
export function runOperation(options: {
  store: ClusterStore;
  app: KubeObject;
  operation: SyncOperation & { revision: string };
  desired: DesiredObject[];
  tracked: DesiredObject[];
}): OperationResult {
  const { store, app, operation, desired, tracked } = options;
  const spec = applicationSpec(app);
  const startedAt = timestamp();
  const comparison = compareApplication({ store, desired, tracked });
  const resources = syncResources({
    store,
    desired,
    comparison,
    prune: operation.prune,
    dryRun: operation.dryRun,
    createNamespace: spec.syncOptions.includes('CreateNamespace=true')
      ? spec.destination.namespace
      : undefined,
    managedNamespaceMetadata: app.spec?.syncPolicy?.managedNamespaceMetadata as
      | ManagedNamespaceMetadata
      | undefined,
  });
  const failed = resources.some(r => r.status === 'SyncFailed');
  return {
    operationState: {
      operation: {
        sync: {
          revision: operation.revision,
          prune: operation.prune,
          ...(operation.dryRun ? { dryRun: true } : {}),
          syncOptions: spec.syncOptions,
        },
        initiatedBy: operation.initiatedBy,
        retry: {},
      },
      phase: failed ? 'Failed' : 'Succeeded',
      message: failed
        ? 'one or more objects failed to apply'
        : 'successfully synced (all tasks run)',
      syncResult: {
        resources,
        revision: operation.revision,
        source: spec.source,
      },
      startedAt,
      finishedAt: timestamp(),
    },
    deployed: !failed && !operation.dryRun,
    revision: operation.revision,
    startedAt,
    initiatedBy: operation.initiatedBy,
  };
}
