import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ArgoActionResult,
  ArgoActionsStateResponse,
  ArgoCancelRequest,
  ArgoRefreshRequest,
  ArgoRollbackPreview,
  ArgoRollbackPreviewRequest,
  ArgoRollbackRequest,
  ArgoSyncRequest,
} from '@internal/plugin-argocd-actions-common';

/**
 * The Argo CD card's actions, through the `argocd-actions` backend plugin, which checks the
 * user's permission on the entity and talks to Argo CD (and, for a GitOps rollback, to Git) on
 * their behalf. Every answer is a wire type of `@internal/plugin-argocd-actions-common`.
 *
 * Failures reject with a `ResponseError` carrying the backend's message (403 not allowed, 404,
 * 503 Argo CD or Git unreachable), except a 409 whose body names the state that won: that one
 * rejects with an `ArgoActionConflictError` carrying `current`.
 * @public
 */
export interface ArgoActionsApi {
  /**
   * The Application's sync and health status, auto-sync, rollback mode, current or last
   * operation and history; or, for an entity without an Application, the ops `OpsNotConfigured`
   * answer (tell them apart with `isOpsNotConfigured`).
   */
  getState(entityRef: string): Promise<ArgoActionsStateResponse>;
  /** Sync (or, with `dryRun`, ask what a sync would change). */
  sync(request: ArgoSyncRequest): Promise<ArgoActionResult>;
  /** Hard refresh: manifests regenerated, caches dropped. */
  refresh(request: ArgoRefreshRequest): Promise<ArgoActionResult>;
  /** Terminate the running operation. */
  cancel(request: ArgoCancelRequest): Promise<ArgoActionResult>;
  /** What a rollback to a history entry would change; nothing is written. */
  previewRollback(
    request: ArgoRollbackPreviewRequest,
  ): Promise<ArgoRollbackPreview>;
  /** Roll back to a history entry, from the state the preview showed (`expectedRevision`). */
  rollback(request: ArgoRollbackRequest): Promise<ArgoActionResult>;
}

/** The {@link ArgoActionsApi} (`api:ops/argocd-actions`). @public */
export const argoActionsApiRef = createApiRef<ArgoActionsApi>({
  id: 'plugin.ops.argocd-actions',
});
