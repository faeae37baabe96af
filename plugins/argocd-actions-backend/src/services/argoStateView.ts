import {
  ArgoActionsState,
  ArgoHistoryEntry,
  ArgoOperationPhase,
  ArgoOperationView,
  ArgoResourceResult,
  ArgoRollbackMode,
  isOperationActive,
} from '@internal/plugin-argocd-actions-common';
import type {
  ArgoApplication,
  ArgoOperation,
  ArgoRevisionHistory,
  ArgoRevisionMetadata,
  ArgoSyncResourceResult,
} from '@internal/plugin-ops-node';

const PHASES: ArgoOperationPhase[] = [
  'Running',
  'Terminating',
  'Succeeded',
  'Failed',
  'Error',
];

/** The message of an operation Argo CD accepted and its controller has not started yet. */
export const QUEUED_MESSAGE = 'Waiting for Argo CD to start the operation';

/**
 * True when the Application syncs automatically from Git: `spec.syncPolicy.automated` is set and
 * not turned off with `enabled: false` (Argo CD 3).
 */
export function isAutoSync(app: ArgoApplication): boolean {
  const automated = app.spec?.syncPolicy?.automated;
  return Boolean(automated) && automated?.enabled !== false;
}

/** `git-revert` under automated sync (Argo CD refuses its own rollback then), else `argocd`. */
export function rollbackModeOf(app: ArgoApplication): ArgoRollbackMode {
  return isAutoSync(app) ? 'git-revert' : 'argocd';
}

function phaseOf(value: string | undefined): ArgoOperationPhase {
  return PHASES.find(phase => phase === value) ?? 'Error';
}

/**
 * True while Argo CD has an operation to do on the Application: one it accepted and has not
 * started (`operation` set), or one running or terminating (`status.operationState.phase`).
 */
export function isOperationRunning(app: ArgoApplication): boolean {
  const phase = app.status?.operationState?.phase;
  return (
    Boolean(app.operation) ||
    (phase !== undefined && isOperationActive(phaseOf(phase)))
  );
}

/** Argo CD's rollback is a sync with the `apply` strategy only; a plain or automated sync has none. */
function kindOf(
  operation: ArgoOperation | undefined,
): ArgoOperationView['kind'] {
  const strategy = operation?.sync?.syncStrategy;
  return strategy?.apply && !strategy.hook ? 'rollback' : 'sync';
}

function initiator(operation: ArgoOperation | undefined): string {
  const by = operation?.initiatedBy;
  if (by?.automated) return 'automated';
  return by?.username || 'unknown';
}

function failed(resource: ArgoSyncResourceResult): boolean {
  return (
    resource.status === 'SyncFailed' ||
    resource.hookPhase === 'Failed' ||
    resource.hookPhase === 'Error'
  );
}

/** Failed resources first, each group in Argo CD's order. */
function resourceResults(
  resources: ArgoSyncResourceResult[] | undefined,
): ArgoResourceResult[] {
  const view = (resource: ArgoSyncResourceResult): ArgoResourceResult => ({
    group: resource.group ?? '',
    kind: resource.kind ?? '',
    namespace: resource.namespace ?? '',
    name: resource.name ?? '',
    status: resource.status ?? '',
    message: resource.message ?? '',
    // The hook's type (`PreSync`, `Sync`, `PostSync`, ...); Argo CD sets it on hooks only.
    ...(resource.hookType ? { hookPhase: resource.hookType } : {}),
  });
  const all = resources ?? [];
  return [...all.filter(failed), ...all.filter(r => !failed(r))].map(view);
}

/**
 * The current or last operation (`operation`, `status.operationState`). An operation Argo CD
 * accepted (`operation` set) whose controller has not started it yet is shown `Running`, with
 * {@link QUEUED_MESSAGE} and `startedAt` the time of the read.
 */
export function operationView(
  app: ArgoApplication,
  now: Date = new Date(),
): ArgoOperationView | undefined {
  const state = app.status?.operationState;
  const started = state && isOperationActive(phaseOf(state.phase));
  if (app.operation && !started) {
    const sync = app.operation.sync;
    return {
      kind: kindOf(app.operation),
      phase: 'Running',
      message: QUEUED_MESSAGE,
      initiatedBy: initiator(app.operation),
      startedAt: now.toISOString(),
      ...(sync?.revision ? { revision: sync.revision } : {}),
      dryRun: sync?.dryRun === true,
      prune: sync?.prune === true,
      resources: [],
    };
  }
  if (!state) return undefined;
  const operation = state.operation;
  const revision = state.syncResult?.revision || operation?.sync?.revision;
  return {
    kind: kindOf(operation),
    phase: phaseOf(state.phase),
    message: state.message ?? '',
    initiatedBy: initiator(operation),
    startedAt: state.startedAt ?? '',
    ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
    ...(revision ? { revision } : {}),
    dryRun: operation?.sync?.dryRun === true,
    prune: operation?.sync?.prune === true,
    resources: resourceResults(state.syncResult?.resources),
  };
}

/** The revision of a history entry (a multi-source entry's first). */
export function historyRevision(entry: ArgoRevisionHistory): string {
  return entry.revision || entry.revisions?.[0] || '';
}

/**
 * `status.history` newest first (Argo CD appends each deployment, so the last entry runs now),
 * with the author and message of the revisions `metadata` has.
 */
export function historyEntries(
  app: ArgoApplication,
  metadata: ReadonlyMap<string, ArgoRevisionMetadata> = new Map(),
): ArgoHistoryEntry[] {
  const history = app.status?.history ?? [];
  return history
    .map((entry, index): ArgoHistoryEntry => {
      const revision = historyRevision(entry);
      const known = metadata.get(revision);
      return {
        id: entry.id,
        revision,
        deployedAt: entry.deployedAt ?? '',
        ...(known?.author ? { author: known.author } : {}),
        ...(known?.message ? { message: known.message } : {}),
        current: index === history.length - 1,
      };
    })
    .reverse();
}

/** The Application as the action bar needs it. */
export function actionsState(
  instance: string,
  app: ArgoApplication,
  metadata?: ReadonlyMap<string, ArgoRevisionMetadata>,
  now?: Date,
): ArgoActionsState {
  const operation = operationView(app, now);
  const revision = app.status?.sync?.revision;
  return {
    instance,
    application: app.metadata.name,
    syncStatus: app.status?.sync?.status ?? 'Unknown',
    healthStatus: app.status?.health?.status ?? 'Unknown',
    ...(revision ? { revision } : {}),
    autoSync: isAutoSync(app),
    rollbackMode: rollbackModeOf(app),
    ...(operation ? { operation } : {}),
    history: historyEntries(app, metadata),
  };
}
