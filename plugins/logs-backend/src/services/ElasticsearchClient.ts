import { fetchUpstreamJson, UpstreamError } from '@internal/plugin-ops-node';
import { ElasticsearchConnection } from './readLogsBackendConfig';
import { EsQuery } from './errorCountQuery';

/**
 * A small client for the one Elasticsearch call the logs backend makes: `POST /<index>/_count`,
 * over ops-node's `fetchUpstreamJson`. Every request has the configured timeout (the body
 * included); every failure is an ops-node `UpstreamError` (a 503) that names Elasticsearch, the
 * call and the cause (Elasticsearch's own `type: reason`, URLs removed), so the card can say
 * which upstream failed and why. Credentials stay in the header and never appear in errors.
 * @public
 */
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
    const operation = `_count on '${index}'`;
    const { body } = await fetchUpstreamJson(endpoint, {
      system: 'Elasticsearch',
      operation,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: JSON.stringify({ query }),
      timeoutMs,
      authHint: 'check the credentials of opsPortal.logs.elasticsearch',
      fetchImpl: this.fetchImpl,
    });
    const count = (body as { count?: unknown } | null | undefined)?.count;
    if (typeof count !== 'number') {
      throw new UpstreamError(
        `Elasticsearch answered ${operation} without a count`,
        undefined,
        new URL(url).origin,
      );
    }
    return count;
  }
}
