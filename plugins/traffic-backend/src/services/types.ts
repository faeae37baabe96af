import type { TrafficSaveResult } from '@internal/plugin-ops-common';

/** Why an entity has no traffic editor. */
export type TrafficNotConfiguredReason =
  /** The annotation is missing (only `backstage.io/kubernetes-id` is required). */
  | 'missing-annotation'
  /** The annotation's value is not a valid Kubernetes name. */
  | 'invalid-annotation'
  /** The VirtualService or DestinationRule the annotation names (or defaults to) does not exist. */
  | 'object-not-found'
  /** The VirtualService has no HTTP route to the DestinationRule's host. */
  | 'no-route';

/**
 * `GET /state` body (200) for an entity whose traffic the editor cannot show: the frontend shows
 * an empty state naming `annotation`, the one to add or fix.
 * @public
 */
export interface TrafficNotConfigured {
  notConfigured: {
    reason: TrafficNotConfiguredReason;
    annotation: string;
    message: string;
  };
}

/** True when a read found no traffic configuration. @public */
export function isTrafficNotConfigured(
  value: unknown,
): value is TrafficNotConfigured {
  return (
    typeof value === 'object' && value !== null && 'notConfigured' in value
  );
}

/**
 * `PUT /policy` body: the ops-common result plus warnings of the steps after the write that do
 * not fail a save (e.g. the Argo CD sync request).
 * @public
 */
export type TrafficSaveResponse = TrafficSaveResult & { warnings: string[] };
