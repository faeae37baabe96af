import { StateConflictError } from '@internal/plugin-ops-node';
import type { TrafficState } from '@internal/plugin-traffic-common';

/** Upstream failures (Kubernetes API, Argo CD, git) share the one type of ops-node. */
export { UpstreamError } from '@internal/plugin-ops-node';

/**
 * The edit was based on a state that is no longer current. Carries the fresh state, which the
 * router answers as the `TrafficConflict` body of a 409 (ops-node's `stateConflictHandler`).
 */
export class TrafficConflictError extends StateConflictError<TrafficState> {}
