import express, { NextFunction, Request, Response } from 'express';
import { ElasticsearchStore } from './ElasticsearchStore';
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

function authorized(
  req: Request,
  auth: ElasticsearchRouterOptions['auth'],
): boolean {
  if (!auth) return true;
  const header = req.headers.authorization ?? '';
  if ('apiKey' in auth) return header === `ApiKey ${auth.apiKey}`;
  const basic = Buffer.from(`${auth.username}:${auth.password}`).toString(
    'base64',
  );
  return header === `Basic ${basic}`;
}

function shards(total: number) {
  return { total, successful: total, skipped: 0, failed: 0 };
}

function body(req: Request): Record<string, unknown> {
  const value = req.body;
  if (
    value === undefined ||
    (typeof value === 'object' && Object.keys(value).length === 0)
  )
    return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw parsingException('request body must be an object');
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
  app.use(express.json({ limit: '1mb', type: () => true }));
  app.use((req, _res, next) =>
    next(authorized(req, auth) ? undefined : securityException()),
  );

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
    const { count, shards: total } = store.count(
      req.params.index,
      body(req).query,
    );
    return send(res, 200, { count, _shards: shards(total) });
  });

  app.all('/:index/_search', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    const started = Date.now();
    const request = body(req);
    const result = store.search(req.params.index, {
      query: request.query,
      sort: request.sort,
      size: nonNegativeInteger(request.size ?? req.query.size, 'size'),
      from: nonNegativeInteger(request.from ?? req.query.from, 'from'),
    });
    return send(res, 200, {
      took: Date.now() - started,
      timed_out: false,
      _shards: shards(result.shards),
      hits: {
        total: { value: result.total, relation: 'eq' },
        max_score: null,
        hits: result.hits.map(hit => ({ ...hit, _score: null })),
      },
    });
  });

  app.use((req, _res, next) =>
    next(
      new EsApiError(
        405,
        'method_not_allowed',
        `Incorrect HTTP method for uri [${req.path}] and method [${req.method}]`,
      ),
    ),
  );

  // Express needs the four-argument signature to treat this as the error handler.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof EsApiError) {
        send(res, error.status, error.toBody());
      } else if (error instanceof SyntaxError) {
        send(
          res,
          400,
          parsingException(
            `failed to parse request body: ${error.message}`,
          ).toBody(),
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
