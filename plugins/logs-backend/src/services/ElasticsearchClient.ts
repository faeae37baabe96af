import { ServiceUnavailableError } from '@backstage/errors';
import { ElasticsearchConnection } from './readLogsBackendConfig';
import { EsQuery } from './errorCountQuery';

/** Reason Elasticsearch gives in its error body (`error.reason` / `error.type`). */
function esReason(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const { type, reason } = error as { type?: unknown; reason?: unknown };
    return (
      [type, reason].filter(v => typeof v === 'string').join(': ') || undefined
    );
  }
  return undefined;
}

/**
 * A small client for the one Elasticsearch call the logs backend makes: `POST /<index>/_count`.
 * Every request has a timeout; every failure is a `ServiceUnavailableError` that names
 * Elasticsearch, so the card can say which upstream failed. Credentials stay in the header and
 * never appear in errors.
 * @public
 */
// scheme://anything-up-to-whitespace-or-quote.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/** The text with every URL replaced by `<url>`: an Elasticsearch reason may quote a node address. */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}

export class ElasticsearchClient {
  constructor(
    private readonly connection: ElasticsearchConnection,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The number of documents in the configured index expression that match the query. */
  async count(query: EsQuery): Promise<number> {
    const { url, index, timeoutMs, authorization } = this.connection;
    const endpoint = `${url}/${encodeURIComponent(index).replace(
      /%2A/g,
      '*',
    )}/_count`;
    let response: Response;
    try {
      response = await this.fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ServiceUnavailableError(
          `Elasticsearch did not answer within ${timeoutMs} ms`,
        );
      }
      // The fetch error may quote the address: name only the network cause.
      const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
      throw new ServiceUnavailableError(
        `Elasticsearch is unreachable (${
          typeof cause === 'string' ? cause : (error as Error)?.name ?? 'error'
        })`,
      );
    }
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const reason = withoutUrls(esReason(body) ?? response.statusText);
      throw new ServiceUnavailableError(
        `Elasticsearch answered ${response.status} to _count on '${index}': ${reason}`,
      );
    }
    const count = (body as { count?: unknown } | undefined)?.count;
    if (typeof count !== 'number') {
      throw new ServiceUnavailableError(
        'Elasticsearch answered _count without a count',
      );
    }
    return count;
  }
}
