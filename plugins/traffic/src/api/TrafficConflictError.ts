import type { TrafficState } from '@internal/plugin-traffic-common';

/**
 * A save or preview based on a state that is no longer current: someone else changed the
 * traffic policy. Carries the state that won (the `current` of the backend's `TrafficConflict`
 * body), to show instead of the discarded edit.
 * @public
 */
export class TrafficConflictError extends Error {
  readonly name = 'TrafficConflictError';

  constructor(message: string, readonly current: TrafficState) {
    super(message);
  }
}
