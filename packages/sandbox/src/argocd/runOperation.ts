import { ClusterStore, KubeObject } from '../cluster/types';
import { compareApplication } from './applicationStatus';
import {
  applicationSpec,
  ApplicationOperation,
  InitiatedBy,
  timestamp,
} from './applicationTypes';
import { ManagedNamespaceMetadata, syncResources } from './syncResources';
import { DesiredObject } from './trackedObjects';

/** The result of one operation: `status.operationState`, and whether it deployed a revision. */
export interface OperationResult {
  operationState: Record<string, unknown>;
  /**
   * True when a full, wet sync succeeded: Argo CD then records it in `status.history` (a dry run,
   * a partial sync or a failed one adds no entry).
   */
  deployed: boolean;
  revision: string;
  /** The source deployed: the operation's (a rollback's history entry) or the Application's. */
  source: Record<string, unknown>;
  startedAt: string;
  initiatedBy: InitiatedBy;
}

/**
 * Applies one sync operation (Argo CD's `SyncAppState` for a plain directory source without
 * hooks or waves: one step, so it ends `Succeeded` or `Failed` in the same call) and returns its
 * final `status.operationState`. `startedAt` is the start the operation was given when it began
 * `Running`; an automated sync starts here.
 */
export function runOperation(options: {
  store: ClusterStore;
  app: KubeObject;
  operation: ApplicationOperation;
  /** The commit synced (the operation's revision, resolved). */
  revision: string;
  source: Record<string, unknown>;
  startedAt?: string;
  desired: DesiredObject[];
  tracked: DesiredObject[];
}): OperationResult {
  const { store, app, operation, revision, source, desired, tracked } = options;
  const spec = applicationSpec(app);
  const sync = operation.sync;
  const startedAt = options.startedAt ?? timestamp();
  const syncOptions = sync.syncOptions ?? spec.syncOptions;
  const dryRun = sync.dryRun ?? false;
  const managedNamespaceMetadata = app.spec?.syncPolicy
    ?.managedNamespaceMetadata as ManagedNamespaceMetadata | undefined;
  const comparison = compareApplication({ store, desired, tracked });
  const resources = syncResources({
    store,
    desired,
    comparison,
    prune: sync.prune ?? false,
    dryRun,
    resources: sync.resources,
    createNamespace: syncOptions.includes('CreateNamespace=true')
      ? spec.destination.namespace
      : undefined,
    managedNamespaceMetadata,
  });
  const failed = resources.some(r => r.status === 'SyncFailed');
  return {
    operationState: {
      operation,
      phase: failed ? 'Failed' : 'Succeeded',
      message: failed
        ? 'one or more objects failed to apply'
        : 'successfully synced (all tasks run)',
      syncResult: {
        ...(resources.length > 0 ? { resources } : {}),
        revision,
        source,
        ...(managedNamespaceMetadata ? { managedNamespaceMetadata } : {}),
      },
      startedAt,
      finishedAt: timestamp(),
    },
    deployed: !failed && !dryRun && !sync.resources?.length,
    revision,
    source,
    startedAt,
    initiatedBy: operation.initiatedBy,
  };
}

/**
 * The end of an operation that does not run: terminated (`Failed`, `Operation terminated`, as
 * gitops-engine's `Terminate` words it) or one whose manifests could not be generated (`Error`).
 * Nothing is applied.
 */
export function endOperation(options: {
  operationState: Record<string, any>;
  operation: ApplicationOperation;
  phase: 'Failed' | 'Error';
  message: string;
  revision?: string;
  source: Record<string, unknown>;
}): OperationResult {
  const { operation, source } = options;
  const startedAt = options.operationState.startedAt ?? timestamp();
  const revision = options.revision ?? operation.sync.revision ?? '';
  return {
    operationState: {
      ...options.operationState,
      operation,
      phase: options.phase,
      message: options.message,
      syncResult: { revision, source },
      startedAt,
      finishedAt: timestamp(),
    },
    deployed: false,
    revision,
    source,
    startedAt,
    initiatedBy: operation.initiatedBy,
  };
}
