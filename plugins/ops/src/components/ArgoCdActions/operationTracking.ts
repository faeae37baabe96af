import {
  ArgoActionsState,
  ArgoActionsStateResponse,
  ArgoOperationView,
  isOperationActive,
} from '@internal/plugin-argocd-actions-common';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';

/**
 * After an action the card waits at most this many polls for the operation it started to show
 * up (Argo CD's controller picks a requested operation up within a few seconds).
 */
export const MAX_POLLS_FOR_START = 5;

/**
 * What the card waits for besides an active operation: after a sync, rollback or cancel, the
 * operation that action started (or ended). `previousKey` is the key of the finished operation
 * shown before the action (null when none was shown or it was still running): a finished
 * operation with another key is the one the action started.
 */
export interface AwaitedOperation {
  previousKey: string | null;
  polls: number;
}

/** Tells one operation from another: Argo CD gives an operation no id. */
export function operationKey(operation: ArgoOperationView | undefined) {
  return operation
    ? `${operation.kind}|${operation.startedAt}|${operation.dryRun}`
    : null;
}

/** The state's operation is running or terminating. */
export function isActive(state: ArgoActionsStateResponse | undefined) {
  return Boolean(
    state &&
      !isOpsNotConfigured(state) &&
      state.operation &&
      isOperationActive(state.operation.phase),
  );
}

/** The next step of the card's polling. */
export interface TrackingStep {
  awaited?: AwaitedOperation;
  /** The operation the card followed has ended (undefined when Argo CD never showed it). */
  ended: boolean;
  operation?: ArgoOperationView;
}

function endedOperation(
  state: ArgoActionsState,
  previousKey: string | null,
): ArgoOperationView | undefined {
  const operation = state.operation;
  if (!operation || isOperationActive(operation.phase)) return undefined;
  return previousKey === null || operationKey(operation) !== previousKey
    ? operation
    : undefined;
}

/**
 * An action answered `state`; `before` is the operation shown when the user acted. Either the
 * operation runs (poll while it does), already ended (a quick dry run), or has not shown up yet
 * (wait for it).
 */
export function afterAction(
  state: ArgoActionsState,
  before: ArgoOperationView | undefined,
): TrackingStep {
  if (isActive(state)) return { ended: false };
  const previousKey =
    before && !isOperationActive(before.phase) ? operationKey(before) : null;
  const operation = endedOperation(state, previousKey);
  if (operation) return { ended: true, operation };
  return { ended: false, awaited: { previousKey, polls: 0 } };
}

/** A poll answered `next` after `previous`, while waiting for `awaited` (if anything). */
export function afterPoll(
  previous: ArgoActionsStateResponse | undefined,
  awaited: AwaitedOperation | undefined,
  next: ArgoActionsStateResponse,
): TrackingStep {
  if (isOpsNotConfigured(next)) return { ended: false };
  if (isActive(next)) return { ended: false };
  if (awaited) {
    const operation = endedOperation(next, awaited.previousKey);
    if (operation) return { ended: true, operation };
    const polls = awaited.polls + 1;
    if (polls >= MAX_POLLS_FOR_START) {
      return { ended: true, operation: undefined };
    }
    return { ended: false, awaited: { ...awaited, polls } };
  }
  if (isActive(previous)) return { ended: true, operation: next.operation };
  return { ended: false };
}
