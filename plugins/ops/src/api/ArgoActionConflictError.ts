import type { ArgoActionsState } from '@internal/plugin-argocd-actions-common';

/**
 * A 409 of the argocd-actions backend: the action met a state it did not expect (an operation
 * already running, a GitOps branch that moved since the preview). Carries the backend's message
 * and the state that won (`current`), to show instead of the one the user acted on.
 * @public
 */
export class ArgoActionConflictError extends Error {
  readonly name = 'ArgoActionConflictError';
  readonly statusCode = 409;

  constructor(message: string, readonly current: ArgoActionsState) {
    super(message);
  }
}
