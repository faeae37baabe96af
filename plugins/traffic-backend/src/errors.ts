import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import type { TrafficState } from '@internal/plugin-ops-common';

/**
 * A failed call to an upstream system (Kubernetes API, Argo CD, git): a 503 whose message names
 * the system (by its configured name) and the cause. The message reaches the browser, so it
 * carries no URL, credential or raw client dump; the clients log the details on the server.
 */
export class UpstreamError extends ServiceUnavailableError {
  constructor(message: string, readonly status?: number) {
    super(withoutUrls(message));
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

// scheme://anything-up-to-whitespace-or-quote: http(s), ssh, git and the like.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/**
 * The text with every URL replaced by `<url>`: the last line of defence for messages that quote
 * an upstream's own words (a git error naming its remote, an API server message).
 */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}
