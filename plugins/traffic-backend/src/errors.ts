import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import type { TrafficState } from '@internal/plugin-ops-common';

/**
 * A failed call to an upstream system (Kubernetes API, Argo CD, git): a 503 whose message names
 * the system, its URL and the cause; never a credential or a raw client dump.
 */
export class UpstreamError extends ServiceUnavailableError {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * The edit was based on a state that is no longer current. Carries the fresh state, which the
 * router answers as the `TrafficConflict` body of a 409.
 */
export class TrafficConflictError extends ConflictError {
  constructor(message: string, readonly current: TrafficState) {
    super(message);
  }
}
