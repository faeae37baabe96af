import { ServiceUnavailableError } from '@backstage/errors';

// scheme://anything-up-to-whitespace-or-quote: http(s), ssh, git and the like.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/**
 * The text with every URL replaced by `<url>`: the last line of defence for messages that quote
 * an upstream's own words (a git error naming its remote, an API server message).
 * @public
 */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}

/**
 * A failed call to an upstream system (Kubernetes API, Argo CD, Kong Admin API, git): a 503 whose
 * message names the system (by its configured name) and the cause. The message may reach the
 * browser or a task log, so it carries no URL, credential or raw client dump. `upstreamStatus` is the
 * upstream's own HTTP status, when it answered (not `status`, which the backend's error handler
 * would answer with instead of 503). `upstreamUrl` is for the server log only: it is
 * not enumerable, so the error serializer of the backend never sends it.
 * @public
 */
export class UpstreamError extends ServiceUnavailableError {
  declare readonly upstreamUrl?: string;

  constructor(
    message: string,
    readonly upstreamStatus?: number,
    upstreamUrl?: string,
  ) {
    super(withoutUrls(message));
    Object.defineProperty(this, 'upstreamUrl', {
      value: upstreamUrl,
      enumerable: false,
    });
  }

  /** The message with the upstream's URL, for the server log. */
  get logMessage(): string {
    return this.upstreamUrl
      ? `${this.message} (${this.upstreamUrl})`
      : this.message;
  }
}
