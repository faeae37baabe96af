import { StateConflictError } from '@internal/plugin-ops-node';
import type { ArgoActionsState } from '@internal/plugin-argocd-actions-common';

/**
 * The action met a state it did not expect (an operation already running, nothing to cancel, a
 * GitOps branch or Application revision that moved since the preview). Carries the state that
 * won, which the router answers as the `ArgoActionConflict` body of a 409 (ops-node's
 * `stateConflictHandler`).
 */
export class ArgoActionConflictError extends StateConflictError<ArgoActionsState> {}
