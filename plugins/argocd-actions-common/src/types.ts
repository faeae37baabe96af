/**
 * The Argo CD actions of the Ops tab: what the card shows of an entity's Application and what it
 * asks the backend to do. Phases, statuses and history mirror Argo CD's own fields
 * (`status.operationState`, `status.sync`, `status.health`, `status.history`).
 */
import type { OpsNotConfigured } from '@internal/plugin-ops-common';

/** `status.operationState.phase` of Argo CD. @public */
export type ArgoOperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Succeeded'
  | 'Failed'
  | 'Error';

/** True while Argo CD still works on the operation. @public */
export function isOperationActive(phase: ArgoOperationPhase): boolean {
  return phase === 'Running' || phase === 'Terminating';
}

/**
 * One resource of an operation's `syncResult.resources`: what the sync did (or, in a dry run,
 * would do) to it. @public
 */
export interface ArgoResourceResult {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** `Synced`, `SyncFailed`, `Pruned`, `PruneSkipped`, `OutOfSync`, ... as Argo CD reports it. */
  status: string;
  /** Argo CD's message, e.g. `deployment.apps/driver configured (dry run)`. */
  message: string;
  /** `Sync`, `PreSync`, `PostSync`, ...; empty for a plain resource. */
  hookPhase?: string;
}

/** The Application's current or last operation, as the card shows it. @public */
export interface ArgoOperationView {
  /** What started it: a sync (the card's Sync or a Git rollback's sync) or Argo CD's rollback. */
  kind: 'sync' | 'rollback';
  phase: ArgoOperationPhase;
  message: string;
  /** Who started it (`operation.initiatedBy.username`, or `automated`). */
  initiatedBy: string;
  startedAt: string;
  finishedAt?: string;
  /** The revision the operation applies (`syncResult.revision` or `operation.sync.revision`). */
  revision?: string;
  dryRun: boolean;
  prune: boolean;
  /** Every resource the operation touched, failed ones first. */
  resources: ArgoResourceResult[];
}

/** One entry of `status.history`: a deployment Argo CD made. @public */
export interface ArgoHistoryEntry {
  /** History id, what Argo CD's rollback API takes. */
  id: number;
  revision: string;
  deployedAt: string;
  /** The Git commit's author and message when known (the revision metadata). */
  author?: string;
  message?: string;
  /** True for the entry that runs now (the last one). */
  current: boolean;
}

/**
 * How a rollback happens for this Application:
 * - `git-revert`: automated sync from Git (Argo CD refuses its own rollback then, and self-heal
 *   would undo it): a commit in the GitOps repository that puts the files of the Application's
 *   source path back as they were at the chosen revision, then a sync;
 * - `argocd`: manual sync policy: Argo CD's rollback API by history id.
 * @public
 */
export type ArgoRollbackMode = 'git-revert' | 'argocd';

/** `GET /state?entityRef=`: the Application as the action bar needs it. @public */
export interface ArgoActionsState {
  instance: string;
  application: string;
  /** `status.sync.status`: `Synced`, `OutOfSync`, `Unknown`. */
  syncStatus: string;
  /** `status.health.status`: `Healthy`, `Progressing`, `Degraded`, ... */
  healthStatus: string;
  /** `status.sync.revision`: the revision that runs. */
  revision?: string;
  autoSync: boolean;
  rollbackMode: ArgoRollbackMode;
  /** The current operation, or the last one Argo CD remembers. */
  operation?: ArgoOperationView;
  /** Newest first. */
  history: ArgoHistoryEntry[];
}

/** @public */
export type ArgoActionsStateResponse = ArgoActionsState | OpsNotConfigured;

/** `POST /sync`. @public */
export interface ArgoSyncRequest {
  entityRef: string;
  /** Delete resources Git no longer has. */
  prune: boolean;
  /** Ask Argo CD what would change; nothing is applied. */
  dryRun: boolean;
}

/** `POST /refresh`: a hard refresh (manifests regenerated, caches dropped). @public */
export interface ArgoRefreshRequest {
  entityRef: string;
}

/** `POST /cancel`: terminate the running operation. @public */
export interface ArgoCancelRequest {
  entityRef: string;
}

/** `POST /rollback/preview`. @public */
export interface ArgoRollbackPreviewRequest {
  entityRef: string;
  historyId: number;
}

/** One file a rollback changes, with its unified diff. @public */
export interface ArgoRollbackFileChange {
  path: string;
  change: 'modified' | 'added' | 'deleted';
  diff: string;
}

/** The answer of `POST /rollback/preview`: what the rollback would change, nothing written. @public */
export interface ArgoRollbackPreview {
  mode: ArgoRollbackMode;
  historyId: number;
  /** The revision the Application runs now and the one it goes back to. */
  fromRevision: string;
  toRevision: string;
  /**
   * `git-revert`: the GitOps branch head the revert is computed on; the rollback request sends it
   * back, and a branch that moved since is a conflict (409), never an overwrite.
   */
  baseRevision?: string;
  /** `git-revert`: the files of the source path that change; `argocd`: the same, for reading. */
  files: ArgoRollbackFileChange[];
  /** What the card says before the user confirms. */
  explanation: string;
}

/** `POST /rollback`. @public */
export interface ArgoRollbackRequest {
  entityRef: string;
  historyId: number;
  /** The preview's `baseRevision` (git-revert) or `fromRevision` (argocd): the state confirmed. */
  expectedRevision: string;
  /**
   * The preview's mode: a sync policy switched since (auto-sync turned on or off) changes how the
   * rollback happens, so a different mode is a conflict, never a silent switch.
   */
  mode: ArgoRollbackMode;
}

/** The answer of `POST /sync`, `/refresh`, `/cancel` and `/rollback`. @public */
export interface ArgoActionResult {
  state: ArgoActionsState;
  /** `git-revert` rollback: the revert commit and, when configured, its web URL. */
  commit?: { sha: string; url?: string };
}

/**
 * The body of a 409: the action met a state it did not expect (an operation already running,
 * a GitOps branch that moved since the preview). `current` is the state that won. @public
 */
export interface ArgoActionConflict {
  error: { name: 'ConflictError'; message: string };
  current: ArgoActionsState;
}
