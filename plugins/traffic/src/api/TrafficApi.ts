import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Rollout,
  RolloutAction,
  RolloutsResponse,
  RolloutStartRequest,
  TrafficPreview,
  TrafficSaveRequest,
  TrafficSaveResponse,
  TrafficStateResponse,
} from '@internal/plugin-traffic-common';

/**
 * The Traffic card's view of the `traffic` backend plugin, which reads and writes the entity's
 * Istio objects (through Git when Argo CD manages them) on the user's behalf. Every answer is the
 * backend's wire type from `@internal/plugin-traffic-common`.
 * @public
 */
export interface TrafficApi {
  /**
   * Live and desired weights, subsets with their pods, sync status and management mode; or, for
   * an entity without a traffic editor, `TrafficNotConfigured` naming the annotation to fix
   * (tell them apart with `isTrafficNotConfigured`).
   */
  getState(entityRef: string): Promise<TrafficStateResponse>;
  /** The files (git mode) or objects (direct mode) a save would change, before and after. */
  preview(request: TrafficSaveRequest): Promise<TrafficPreview>;
  /**
   * Saves the policy. Rejects with a `TrafficConflictError` (carrying the current state) when
   * the request's base version is stale, and with a `ResponseError` for other failures.
   */
  save(request: TrafficSaveRequest): Promise<TrafficSaveResponse>;
  /** The entity's running or paused rollout, and its last finished ones. */
  getRollouts(entityRef: string): Promise<RolloutsResponse>;
  /** Starts a progressive rollout (owners only); the backend's step loop carries it out. */
  startRollout(request: RolloutStartRequest): Promise<Rollout>;
  /** Pause, resume, abort or promote now, at the revision the user saw (a stale one is a 409). */
  actOnRollout(
    id: string,
    action: RolloutAction,
    revision: number,
  ): Promise<Rollout>;
}

/** The {@link TrafficApi} (`api:traffic`). @public */
export const trafficApiRef = createApiRef<TrafficApi>({
  id: 'plugin.traffic.api',
});
