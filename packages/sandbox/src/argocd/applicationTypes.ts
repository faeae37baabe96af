import { KubeObject } from '../cluster/types';

/** The namespace Argo CD's Applications live in. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The apiVersion and kind of an Argo CD Application. */
export const APPLICATION_API_VERSION = 'argoproj.io/v1alpha1';

/** How many `status.history` entries Argo CD keeps by default (`spec.revisionHistoryLimit`). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** Who started a sync operation, in Argo CD's `initiatedBy` shape. */
export type InitiatedBy = { username: string } | { automated: true };

/** One object of a partial sync (`resources[]` of the sync request and of `operation.sync`). */
export interface SyncOperationResource {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** `syncStrategy` of an operation: `apply` or `hook`, each with `force`. */
export interface SyncStrategy {
  apply?: { force?: boolean };
  hook?: { force?: boolean };
}

/** The body of `POST /api/v1/applications/{name}/sync` the stand-in honours. */
export interface SyncRequest {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  strategy?: SyncStrategy;
  resources?: SyncOperationResource[];
  /** Replaces the Application's `syncPolicy.syncOptions` for this sync. */
  syncOptions?: { items?: string[] };
  /** The Application's project, when the caller names it (404 instead of 403 when missing). */
  project?: string;
}

/** The body of `POST /api/v1/applications/{name}/rollback`. */
export interface RollbackRequest {
  /** The `status.history` entry to deploy again. */
  id: number;
  prune?: boolean;
  dryRun?: boolean;
  project?: string;
}

/** `operation.sync`, as Argo CD's API server and controller write it. */
export interface SyncOperationSpec {
  /** A commit SHA once the API server resolved it; the target revision when absent. */
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  syncStrategy?: SyncStrategy;
  resources?: SyncOperationResource[];
  source?: Record<string, unknown>;
  syncOptions?: string[];
}

/** An Application's `operation` (also `status.operationState.operation`). */
export interface ApplicationOperation {
  sync: SyncOperationSpec;
  initiatedBy: InitiatedBy;
  retry: Record<string, unknown>;
}

/** `status.operationState.phase`. */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Succeeded'
  | 'Failed'
  | 'Error';

/** One `status.history` entry. */
export interface RevisionHistory {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt: string;
  source: Record<string, unknown>;
  initiatedBy: InitiatedBy;
}

/** Timestamps as Kubernetes and Argo CD write them: RFC 3339, second precision, UTC. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The fields of `spec` the reconciler reads. */
export function applicationSpec(app: KubeObject) {
  const spec = app.spec ?? {};
  return {
    source: spec.source ?? {},
    destination: spec.destination ?? {},
    automated: spec.syncPolicy?.automated as
      | { prune?: boolean; selfHeal?: boolean }
      | undefined,
    syncOptions: (spec.syncPolicy?.syncOptions ?? []) as string[],
    historyLimit:
      (spec.revisionHistoryLimit as number | undefined) ??
      DEFAULT_REVISION_HISTORY_LIMIT,
  };
}
