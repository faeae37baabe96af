import express, { NextFunction, Request, Response } from 'express';
import {
  ElasticsearchStore,
  EsShards,
  IndicesOptions,
} from './ElasticsearchStore';
import { EsApiError, parsingException, securityException } from './EsApiError';

/** Options for {@link createElasticsearchRouter}. */
export interface ElasticsearchRouterOptions {
  store: ElasticsearchStore;
  /**
   * Credentials every request must carry, as a real cluster with security on demands. Without
   * them the stand-in is open, like a dev cluster with `xpack.security.enabled: false`.
   */
  auth?: { username: string; password: string } | { apiKey: string };
  /** `cluster_name` in `GET /`. Default `sandbox`. */
  clusterName?: string;
}

const VERSION = {
  number: '8.15.0',
  build_flavor: 'default',
  build_type: 'docker',
  build_hash: '1a77947f34deddb41af25e6f0ddb8e830159c179',
  build_date: '2024-08-05T10:05:34.233336849Z',
  build_snapshot: false,
  lucene_version: '9.11.1',
  minimum_wire_compatibility_version: '7.17.0',
  minimum_index_compatibility_version: '7.0.0',
};

function send(res: Response, status: number, payload: unknown) {
  res.status(status);
  res.setHeader('X-elastic-product', 'Elasticsearch');
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(payload));
}

type Presented = 'none' | 'basic' | 'apiKey';

/**
 * Why ES 8.19 refuses an API key it does not know, as `additional_unsuccessful_credentials` says:
 * Java's base64 decoder on the value, then the `id:key` shape, then the id it could not find.
 */
export function apiKeyFailure(credentials: string): string {
  const encoded = credentials.replace(/=+$/, '');
  const illegal = /[^A-Za-z0-9+/]/.exec(encoded);
  if (illegal) {
    return `Illegal base64 character ${illegal[0].charCodeAt(0).toString(16)}`;
  }
  if (encoded.length % 4 === 1)
    return 'Last unit does not have enough valid bits';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'invalid ApiKey value';
  return `apikey authentication for id ${decoded.slice(
    0,
    colon,
  )} encountered a failure`;
}

/** Undefined when the request may pass; else what it presented (for ES's 401 reason). */
function rejected(
  req: Request,
  auth: ElasticsearchRouterOptions['auth'],
): { presented: Presented; detail?: string } | undefined {
  if (!auth) return undefined;
  const header = req.headers.authorization ?? '';
  const [scheme, credentials = ''] = header.split(' ', 2);
  if (scheme === 'ApiKey') {
    if ('apiKey' in auth && credentials === auth.apiKey) return undefined;
    return { presented: 'apiKey', detail: apiKeyFailure(credentials) };
  }
  if (scheme === 'Basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const username = decoded.split(':', 1)[0];
    if ('username' in auth && decoded === `${auth.username}:${auth.password}`) {
      return undefined;
    }
    return { presented: 'basic', detail: username };
  }
  return { presented: 'none' };
}

function shards(value: EsShards | number): EsShards {
  if (typeof value !== 'number') return value;
  return { total: value, successful: value, skipped: 0, failed: 0 };
}

/** The name of the JSON token a value starts with, as ES's parser reports it. */
function tokenName(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (value === null) return 'VALUE_NULL';
  switch (typeof value) {
    case 'object':
      return 'START_OBJECT';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'VALUE_STRING';
  }
}

/**
 * The JSON body: absent or an object with only the keys the endpoint knows; anything else is
 * the 400 `parsing_exception` ES answers (`_search` keys the stand-in does not implement, such
 * as `aggs`, are refused the same way rather than ignored).
 */
function body(
  req: Request,
  endpoint: '_count' | '_search',
  allowed: string[],
): Record<string, unknown> {
  const value: unknown = req.body;
  if (value === undefined) return {};
  const found = tokenName(value);
  if (found !== 'START_OBJECT') {
    throw parsingException(`Expected [START_OBJECT] but found [${found}]`);
  }
  for (const [key, item] of Object.entries(value as object)) {
    if (!allowed.includes(key)) {
      throw endpoint === '_search'
        ? parsingException(`Unknown key for a ${tokenName(item)} in [${key}].`)
        : parsingException(`request does not support [${key}]`);
    }
  }
  return value as Record<string, unknown>;
}

function nonNegativeInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw parsingException(`[${name}] must be a non-negative integer`);
  return n;
}

const COUNT_PARAMS = ['ignore_unavailable', 'allow_no_indices'];
const SEARCH_PARAMS = [...COUNT_PARAMS, 'size', 'from'];

/** `ignore_unavailable` / `allow_no_indices` from the query string; unknown parameters are ES's 400. */
function indicesOptions(req: Request, known: string[]): IndicesOptions {
  for (const name of Object.keys(req.query)) {
    if (!known.includes(name)) {
      throw new EsApiError(
        400,
        'illegal_argument_exception',
        `request [${req.path}] contains unrecognized parameter: [${name}]`,
      );
    }
  }
  const flag = (name: string) => {
    const value = req.query[name];
    if (value === undefined) return undefined;
    if (value === 'true' || value === '') return true;
    if (value === 'false') return false;
    throw new EsApiError(
      400,
      'illegal_argument_exception',
      `Could not convert [${name}] to boolean`,
      {
        caused_by: {
          type: 'illegal_argument_exception',
          reason: `Failed to parse value [${String(
            value,
          )}] as only [true] or [false] are allowed.`,
        },
      },
    );
  };
  return {
    ignoreUnavailable: flag('ignore_unavailable'),
    allowNoIndices: flag('allow_no_indices'),
  };
}

/**
 * The Elasticsearch 8 REST subset the portal uses, with ES's bodies and error shapes:
 * `GET /` (cluster info), `GET|POST /<index>/_count` and `GET|POST /<index>/_search` with the
 * query DSL subset of `compileQuery`. A test double for development and tests.
 */
export function createElasticsearchRouter(
  options: ElasticsearchRouterOptions,
): express.Express {
  const { store, auth, clusterName = 'sandbox' } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, _res, next) => {
    const denied = rejected(req, auth);
    next(
      denied
        ? securityException(req.originalUrl, denied.presented, denied.detail)
        : undefined,
    );
  });
  app.use(express.json({ limit: '1mb', type: () => true, strict: false }));

  app.get('/', (_req, res) => {
    send(res, 200, {
      name: 'sandbox-es-0',
      cluster_name: clusterName,
      cluster_uuid: 'c2FuZGJveC1jbHVzdGVyLXV1aWQ',
      version: VERSION,
      tagline: 'You Know, for Search',
    });
  });

  app.all('/:index/_count', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    const indices = indicesOptions(req, COUNT_PARAMS);
    const { count, shards: counted } = store.count(
      req.params.index,
      body(req, '_count', ['query']).query,
      indices,
    );
    return send(res, 200, { count, _shards: shards(counted) });
  });

  app.all('/:index/_search', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    const started = Date.now();
    const indices = indicesOptions(req, SEARCH_PARAMS);
    const request = body(req, '_search', [
      'query',
      'size',
      'from',
      'sort',
      'track_total_hits',
      'timeout',
    ]);
    const result = store.search(req.params.index, {
      ...indices,
      query: request.query,
      sort: request.sort,
      size: nonNegativeInteger(request.size ?? req.query.size, 'size'),
      from: nonNegativeInteger(request.from ?? req.query.from, 'from'),
    });
    // Sorted hits carry their sort values and no score; unsorted ones the constant score of a
    // filter (the stand-in computes no relevance).
    const hits = result.hits.map(({ hit, sort }) =>
      result.sorted ? { ...hit, _score: null, sort } : { ...hit, _score: 0 },
    );
    return send(res, 200, {
      took: Date.now() - started,
      timed_out: false,
      _shards: shards(result.shards),
      hits: {
        total: {
          value: Math.min(result.total, 10000),
          relation: result.total > 10000 ? 'gte' : 'eq',
        },
        max_score: result.sorted || hits.length === 0 ? null : 0,
        hits,
      },
    });
  });

  // ES answers a known path with a wrong method with a plain-string error.
  app.use((req, res) => {
    let known: string | undefined;
    if (/^\/[^/]+\/_(count|search)$/.test(req.path)) known = 'GET, POST';
    else if (req.path === '/') known = 'GET, HEAD';
    if (!known) {
      send(res, 400, {
        error: `no handler found for uri [${req.originalUrl}] and method [${req.method}]`,
        status: 400,
      });
      return;
    }
    send(res, 405, {
      error: `Incorrect HTTP method for uri [${req.originalUrl}] and method [${req.method}], allowed: [${known}]`,
      status: 405,
    });
  });

  // Express needs the four-argument signature to treat this as the error handler.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof EsApiError) {
        const challenge = (error.extra.header as Record<string, string[]>)?.[
          'WWW-Authenticate'
        ];
        if (challenge) res.setHeader('WWW-Authenticate', challenge);
        send(res, error.status, error.toBody());
      } else if (error instanceof SyntaxError) {
        send(
          res,
          400,
          parsingException('Failed to parse', {
            type: 'x_content_parse_exception',
            reason: error.message,
          }).toBody(),
        );
      } else {
        send(
          res,
          500,
          new EsApiError(500, 'exception', String(error)).toBody(),
        );
      }
    },
  );
  return app;
}
