/**
 * An Elasticsearch error response: `{ error: { root_cause, type, reason }, status }`, the shape
 * every ES 8 REST endpoint answers failures with.
 */
export class EsApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
    this.name = 'EsApiError';
  }

  /** The response body Elasticsearch sends. */
  toBody() {
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

/** 400 for a query clause outside the supported subset or malformed. */
export function parsingException(reason: string): EsApiError {
  return new EsApiError(400, 'parsing_exception', reason, { line: 1, col: 1 });
}

/** 404 for a concrete index name that does not exist. */
export function indexNotFound(index: string): EsApiError {
  return new EsApiError(
    404,
    'index_not_found_exception',
    `no such index [${index}]`,
    {
      'resource.type': 'index_or_alias',
      'resource.id': index,
      index,
    },
  );
}

/** 401 when the request lacks the configured credentials. */
export function securityException(): EsApiError {
  return new EsApiError(
    401,
    'security_exception',
    'missing authentication credentials for REST request [/]',
  );
}
