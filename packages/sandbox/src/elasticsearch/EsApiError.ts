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
    /** `root_cause` when it is not the error itself (a search phase failure lists each shard's). */
    readonly rootCauses?: Array<Record<string, unknown>>,
  ) {
    super(reason);
    this.name = 'EsApiError';
  }

  /** The response body Elasticsearch sends. */
  toBody() {
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    const { caused_by: _causedBy, ...withoutCause } = cause as Record<
      string,
      unknown
    >;
    return {
      error: { root_cause: this.rootCauses ?? [withoutCause], ...cause },
      status: this.status,
    };
  }
}

/** What failed on one shard: a query that cannot run against that index's mapping. */
export class ShardFailure extends Error {
  constructor(
    readonly type: string,
    readonly reason: string,
    readonly causedBy?: { type: string; reason: string },
  ) {
    super(reason);
    this.name = 'ShardFailure';
  }
}

/**
 * 400 `search_phase_execution_exception` when the query failed on every shard (one shard per
 * index, as a single-node cluster with the default settings has): one root cause per index.
 */
export function allShardsFailed(
  failures: Array<{ index: string; failure: ShardFailure }>,
): EsApiError {
  const causes = failures.map(({ index, failure }) => ({
    type: failure.type,
    reason: failure.reason,
    ...(failure.type === 'query_shard_exception'
      ? { index_uuid: `sandbox-${index}`, index }
      : {}),
  }));
  return new EsApiError(
    400,
    'search_phase_execution_exception',
    'all shards failed',
    {
      phase: 'query',
      grouped: true,
      failed_shards: failures.map(({ index, failure }, i) => ({
        shard: 0,
        index,
        node: 'sandbox-es-0',
        reason: {
          ...causes[i],
          ...(failure.causedBy ? { caused_by: failure.causedBy } : {}),
        },
      })),
    },
    causes,
  );
}

/** 400 for a query clause outside the supported subset or malformed. */
export function parsingException(
  reason: string,
  causedBy?: { type: string; reason: string },
): EsApiError {
  return new EsApiError(400, 'parsing_exception', reason, {
    line: 1,
    col: 1,
    ...(causedBy ? { caused_by: causedBy } : {}),
  });
}

/**
 * 404 for a concrete index name that does not exist (or a wildcard that matches none with
 * `allow_no_indices=false`).
 */
export function indexNotFound(index: string): EsApiError {
  return new EsApiError(
    404,
    'index_not_found_exception',
    `no such index [${index}]`,
    {
      'resource.type': 'index_or_alias',
      'resource.id': index,
      index_uuid: '_na_',
      index,
    },
  );
}

/**
 * 401 when the request lacks the configured credentials (`uri` is the request's path and query,
 * as ES names it), with the challenge ES sends in `header` (and as `WWW-Authenticate` headers).
 * The reasons are Elasticsearch 8.19's.
 */
export function securityException(
  uri: string,
  presented: 'none' | 'basic' | 'apiKey',
  detail?: string,
): EsApiError {
  const header = {
    'WWW-Authenticate': ['Basic realm="security", charset="UTF-8"', 'ApiKey'],
  };
  if (presented === 'none') {
    return new EsApiError(
      401,
      'security_exception',
      `missing authentication credentials for REST request [${uri}]`,
      { header },
    );
  }
  if (presented === 'basic') {
    return new EsApiError(
      401,
      'security_exception',
      `unable to authenticate user [${detail}] for REST request [${uri}]`,
      { header },
    );
  }
  return new EsApiError(
    401,
    'security_exception',
    'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
    { additional_unsuccessful_credentials: `API key: ${detail}`, header },
  );
}
