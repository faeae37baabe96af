import type {
  TrafficSaveResult,
  TrafficState,
} from '@internal/plugin-ops-common';

/**
 * What `GET /state` answers when the entity's VirtualService or DestinationRule cannot be
 * found or its annotations are unusable: a message to show instead of the card's content.
 * @public
 */
export interface TrafficNotConfigured {
  status: 'not-configured';
  message: string;
  /** The annotation to add or fix, when the backend names one. */
  annotation?: string;
  /** Why, in the backend's words (`missing-annotation`, `object-not-found`, `no-route`, ...). */
  reason?: string;
}

/**
 * What `PUT /policy` answers: the result, plus warnings of steps after the write that do not fail
 * the save (e.g. the Argo CD sync request).
 * @public
 */
export type TrafficSaveResponse = TrafficSaveResult & { warnings?: string[] };

/** What `GET /state` answers. @public */
export type TrafficStateResult = TrafficState | TrafficNotConfigured;

/** True when the backend answered with a traffic state rather than "not configured". @public */
export function isTrafficState(
  result: TrafficStateResult,
): result is TrafficState {
  return (result as TrafficNotConfigured).status !== 'not-configured';
}

/**
 * A save or preview based on a state that is no longer current: someone else changed the
 * traffic policy. Carries the state that won, to show instead of the discarded edit.
 * @public
 */
export class TrafficConflictError extends Error {
  readonly name = 'TrafficConflictError';

  constructor(message: string, readonly current: TrafficState) {
    super(message);
  }
}
