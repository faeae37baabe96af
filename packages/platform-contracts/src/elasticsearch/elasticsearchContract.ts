/* eslint-disable jest/no-export -- a suite module: this package's test and packages/real-infra call it */
import { Config, ConfigReader } from '@backstage/config';
import {
  FLUENTD_LOG_INDEX_TEMPLATE,
  NamedIndexTemplate,
  SEED_LOG_SERVICES,
  seedLogEntries,
  SeedLogEntry,
} from '@internal/sandbox';

/**
 * The Elasticsearch contract: what the portal relies on, asserted the same way against the
 * sandbox's stand-in (packages/sandbox) and a real Elasticsearch (packages/real-infra). Both hold
 * {@link elasticsearchContractSeed}; every expected number below is what a real cluster answers
 * for it.
 */

/** Where the suite finds an Elasticsearch holding {@link elasticsearchContractSeed}. */
export interface ElasticsearchContractTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:9200`. */
  url: string;
  /**
   * The index expression of the Fluentd-template indices, as `opsPortal.logs.elasticsearch.index`
   * names it: `logs-*`.
   */
  index: string;
  /**
   * Credentials the target accepts, as `opsPortal.logs.elasticsearch` takes them: an API key (the
   * `encoded` value ES issues: base64 of `id:key`) or a user and password. Every request of the
   * suite carries them, except those about authentication.
   */
  credentials: { apiKey: string } | { username: string; password: string };
}

/** The `Authorization` header of the target's credentials. */
function authorizationOf(target: ElasticsearchContractTarget): string {
  const { credentials } = target;
  if ('apiKey' in credentials) return `ApiKey ${credentials.apiKey}`;
  return `Basic ${Buffer.from(
    `${credentials.username}:${credentials.password}`,
  ).toString('base64')}`;
}

/** The end of the seeded 24 hours. */
export const ELASTICSEARCH_CONTRACT_NOW = new Date('2026-11-22T09:00:00.000Z');

/** Index expression of the seed's dynamically mapped copy of the application lines. */
export const ELASTICSEARCH_CONTRACT_DYNAMIC_INDEX = 'logstash-*';

/** What a target holds before the suite runs: index templates, then documents. */
export interface ElasticsearchContractSeed {
  templates: NamedIndexTemplate[];
  entries: SeedLogEntry[];
}

/**
 * The contract's data: the sandbox's seeded logs for the 24 hours before
 * {@link ELASTICSEARCH_CONTRACT_NOW} in `logs-kubernetes-*` / `logs-kong-*` (mapped by the
 * Fluentd index template: keyword strings, `log` text), and the same application lines in
 * `logstash-*`, which no template matches (ES's dynamic mapping: text with a `.keyword` twin).
 */
export function elasticsearchContractSeed(): ElasticsearchContractSeed {
  const now = ELASTICSEARCH_CONTRACT_NOW;
  return {
    templates: [FLUENTD_LOG_INDEX_TEMPLATE],
    entries: [
      ...seedLogEntries({ now }),
      ...seedLogEntries({
        now,
        applicationIndexPrefix: 'logstash-',
        kongIndexPrefix: false,
      }),
    ],
  };
}

/** A response of the target: status, the `X-elastic-product` header and the JSON body. */
interface EsResponse {
  status: number;
  product: string | null;
  /** `WWW-Authenticate` (values joined by `, `). */
  challenge: string | null;
  body: any;
}

async function call(
  target: ElasticsearchContractTarget,
  method: string,
  path: string,
  body?: unknown,
  /** The `Authorization` header; default the target's API key, `null` for none. */
  authorization: string | null = authorizationOf(target),
): Promise<EsResponse> {
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  if (authorization !== null) headers.Authorization = authorization;
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers,
    body: payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    product: response.headers.get('x-elastic-product'),
    challenge: response.headers.get('www-authenticate'),
    body: text ? JSON.parse(text) : undefined,
  };
}

/** `POST <index>/_count` with a query; the count, or the failure's status and body. */
async function count(
  target: ElasticsearchContractTarget,
  index: string,
  query?: unknown,
): Promise<number> {
  const res = await call(
    target,
    'POST',
    `/${index}/_count`,
    query === undefined ? {} : { query },
  );
  if (res.status !== 200) {
    throw new Error(
      `_count on ${index} answered ${res.status}: ${JSON.stringify(res.body)}`,
    );
  }
  return res.body.count;
}

function component(name: string, namespace: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': namespace,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** The catalog the error count reads a service's annotations from: the demo services. */
export interface ElasticsearchContractCatalog {
  getEntityByRef(ref: string): Promise<unknown>;
}

/** What the suite asks of the portal's error count (the logs backend's `countErrors`). */
export interface ElasticsearchContractErrorCount {
  countErrors(request: {
    entityRef: string;
    from: Date;
    to: Date;
    credentials: never;
  }): Promise<{ count: number } | object>;
}

/**
 * The portal's error count, built as its plugin builds it at startup, from `config` (which holds
 * `opsPortal.logs.elasticsearch` for the target) and the suite's `catalog`. The caller passes it,
 * so this package imports no plugin: `({ config, catalog }) => new ErrorCountService({ config:
 * readLogsBackendConfig(config), catalog })`.
 */
export type ElasticsearchContractErrorCountFactory = (options: {
  config: Config;
  catalog: ElasticsearchContractCatalog;
}) => ElasticsearchContractErrorCount;

/** What the suite checks besides the Elasticsearch API itself. */
export interface ElasticsearchContractOptions {
  /** The logs backend's error count, run against the target. */
  errorCount: ElasticsearchContractErrorCountFactory;
}

/** The demo catalog's services, by entity name. */
const CATALOG = new Map(
  SEED_LOG_SERVICES.map(s => [s.app, component(s.app, s.namespace)]),
);

/**
 * The logs backend's error count (plugins/logs-backend: config reading, query, client) against
 * the target with the given `opsPortal.logs.elasticsearch` settings.
 */
function errorCounter(
  createErrorCount: ElasticsearchContractErrorCountFactory,
  target: ElasticsearchContractTarget,
  elasticsearch: { index: string; keywordSuffix?: string; apiKey?: string },
) {
  const credentials = elasticsearch.apiKey
    ? { apiKey: elasticsearch.apiKey }
    : target.credentials;
  const catalog: ElasticsearchContractCatalog = {
    getEntityByRef: async (ref: string) =>
      CATALOG.get(ref.replace(/^component:default\//, '')),
  };
  const config = new ConfigReader({
    opsPortal: {
      logs: {
        elasticsearch: {
          url: target.url,
          index: elasticsearch.index,
          keywordSuffix: elasticsearch.keywordSuffix,
          ...credentials,
        },
      },
    },
  });
  // Read as the plugin reads it at startup.
  const service = createErrorCount({ config, catalog });
  return async (app: string, from: string, to?: string) => {
    const result = await service.countErrors({
      entityRef: `component:default/${app}`,
      from: new Date(from),
      to: new Date(to ?? ELASTICSEARCH_CONTRACT_NOW.toISOString()),
      credentials: {} as never,
    });
    if (!('count' in result)) throw new Error('error count is disabled');
    return result.count;
  };
}

const DAY_BEFORE = '2026-11-21T09:00:00.000Z';

/**
 * Declares the contract tests (call inside a `describe`). `getTarget` is read in the tests, so
 * a `beforeAll` may start the server and seed {@link elasticsearchContractSeed} first.
 */
export function describeElasticsearchContract(
  getTarget: () => ElasticsearchContractTarget,
  options: ElasticsearchContractOptions,
): void {
  const t = () => getTarget();
  const kubernetes = 'logs-kubernetes-*';
  const kong = 'logs-kong-*';
  const dynamic = ELASTICSEARCH_CONTRACT_DYNAMIC_INDEX;
  const perService = 144;
  const services = SEED_LOG_SERVICES.length;

  describe('the logs backend error count', () => {
    it.each([
      ['driver', DAY_BEFORE, undefined, 24],
      ['giropops-senhas', DAY_BEFORE, undefined, 24],
      ['nginx-ab', DAY_BEFORE, undefined, 24],
      ['driver', '2026-11-22T07:00:00.000Z', undefined, 2],
      ['driver', '2026-11-22T08:00:00.000Z', undefined, 0],
      // n = 6 (an error) is at 07:55:00.000 exactly: both bounds are inclusive, to the millisecond.
      ['driver', '2026-11-22T07:55:00.000Z', undefined, 1],
      ['driver', '2026-11-22T07:55:00.001Z', undefined, 0],
      ['driver', '2026-11-22T07:00:00.000Z', '2026-11-22T07:55:00.000Z', 2],
      ['driver', '2026-11-22T07:00:00.000Z', '2026-11-22T07:54:59.999Z', 1],
    ])(
      'counts the errors of %s from %s to %s on the template indices: %i',
      async (app, from, to, expected) => {
        const countErrors = errorCounter(options.errorCount, t(), {
          index: t().index,
        });
        expect(await countErrors(app, from, to)).toBe(expected);
      },
    );

    it('finds nothing under `.keyword` where the template maps strings as keyword', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: t().index,
        keywordSuffix: '.keyword',
      });
      expect(await countErrors('driver', DAY_BEFORE)).toBe(0);
    });

    it('counts on dynamically mapped indices with keywordSuffix .keyword', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: dynamic,
        keywordSuffix: '.keyword',
      });
      for (const service of SEED_LOG_SERVICES) {
        expect(await countErrors(service.app, DAY_BEFORE)).toBe(24);
      }
    });

    it('misses dashed names on dynamically mapped (text) fields without the suffix', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: dynamic,
      });
      // `driver` is one token of the text field, `nginx-ab` two: a term query meets tokens.
      expect(await countErrors('driver', DAY_BEFORE)).toBe(24);
      expect(await countErrors('nginx-ab', DAY_BEFORE)).toBe(0);
      expect(await countErrors('giropops-senhas', DAY_BEFORE)).toBe(0);
    });

    it('reports a missing index as an Elasticsearch failure', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: 'no-such-logs',
      });
      await expect(countErrors('driver', DAY_BEFORE)).rejects.toThrow(
        "Elasticsearch refused _count on 'no-such-logs' (404: index_not_found_exception: no such index [no-such-logs])",
      );
    });

    it('reports a refused API key as an Elasticsearch failure', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: t().index,
        apiKey: Buffer.from('unknown-id:wrong-secret').toString('base64'),
      });
      await expect(countErrors('driver', DAY_BEFORE)).rejects.toThrow(
        "Elasticsearch refused _count on 'logs-*' (401: security_exception: unable to authenticate with provided credentials and anonymous access is not allowed for this request); check the credentials of opsPortal.logs.elasticsearch",
      );
    });

    it('counts zero on a wildcard that matches no index', async () => {
      const countErrors = errorCounter(options.errorCount, t(), {
        index: 'no-such-logs-*',
      });
      expect(await countErrors('driver', DAY_BEFORE)).toBe(0);
    });
  });

  describe('_count', () => {
    it('answers with count and _shards (one shard per daily index) and the product header', async () => {
      const res = await call(t(), 'POST', `/${t().index}/_count`, {
        query: { match_all: {} },
      });
      expect(res.status).toBe(200);
      expect(res.product).toBe('Elasticsearch');
      expect(res.body).toEqual({
        count: 2 * perService * services,
        _shards: { total: 4, successful: 4, skipped: 0, failed: 0 },
      });
    });

    it('GET without a body counts everything', async () => {
      const res = await call(t(), 'GET', `/${kong}/_count`);
      expect(res.body.count).toBe(perService * services);
    });

    it.each<[string, string, unknown, number]>([
      [
        'a pod name (keyword, whole value)',
        kubernetes,
        { term: { 'kubernetes.pod_name': 'driver-5f7c9d8b6-k2x4p' } },
        72,
      ],
      [
        'a pod name prefix',
        kubernetes,
        { term: { 'kubernetes.pod_name': 'driver-5f7c9d8b6' } },
        0,
      ],
      [
        'match_phrase of a whole pod name (keyword)',
        kubernetes,
        {
          match_phrase: {
            'kubernetes.pod_name': 'nginx-ab-v2-5d6c7b8a9-w3x7y',
          },
        },
        72,
      ],
      [
        'match_phrase of part of a pod name (keyword)',
        kubernetes,
        { match_phrase: { 'kubernetes.pod_name': 'nginx-ab-v2' } },
        0,
      ],
      [
        'a namespace with a dash',
        kubernetes,
        { term: { 'kubernetes.namespace_name': 'nginx-ab' } },
        perService,
      ],
      [
        'a namespace in upper case',
        kubernetes,
        { term: { 'kubernetes.namespace_name': 'NGINX-AB' } },
        0,
      ],
      [
        'a namespace in upper case, case_insensitive',
        kubernetes,
        {
          term: {
            'kubernetes.namespace_name': {
              value: 'NGINX-AB',
              case_insensitive: true,
            },
          },
        },
        perService,
      ],
      [
        'a label key with a slash',
        kubernetes,
        {
          term: {
            'kubernetes.labels.backstage_io/kubernetes-id': 'giropops-senhas',
          },
        },
        perService,
      ],
      [
        'the error levels list',
        kubernetes,
        { terms: { level: ['error', 'fatal', 'critical'] } },
        24 * services,
      ],
      [
        'levels in upper case',
        kubernetes,
        { terms: { level: ['ERROR', 'FATAL'] } },
        0,
      ],
      [
        '.keyword of a keyword-mapped field',
        kubernetes,
        { term: { 'level.keyword': 'error' } },
        0,
      ],
      [
        'a dashed namespace on a text field (dynamic mapping)',
        dynamic,
        { term: { 'kubernetes.namespace_name': 'nginx-ab' } },
        0,
      ],
      [
        'one token of a dashed namespace on a text field',
        dynamic,
        { term: { 'kubernetes.namespace_name': 'ab' } },
        perService,
      ],
      [
        'the .keyword twin (dynamic mapping)',
        dynamic,
        { term: { 'kubernetes.namespace_name.keyword': 'nginx-ab' } },
        perService,
      ],
      [
        'levels on a text field (dynamic mapping)',
        dynamic,
        { terms: { level: ['error', 'fatal', 'critical'] } },
        24 * services,
      ],
      [
        'a phrase of the log line (text)',
        kubernetes,
        { match_phrase: { log: 'failed request 6 in giropops-senhas' } },
        1,
      ],
      [
        'a phrase in other case',
        kubernetes,
        { match_phrase: { log: 'FAILED Request 6' } },
        3,
      ],
      [
        'a phrase cut inside a word',
        kubernetes,
        { match_phrase: { log: 'ailed request 6' } },
        0,
      ],
      [
        'match of two words, any',
        kubernetes,
        { match: { log: 'giropops nothing' } },
        perService,
      ],
      [
        'match of two words, operator and',
        kubernetes,
        { match: { log: { query: 'giropops nothing', operator: 'and' } } },
        0,
      ],
      [
        'a term on a text field is not analyzed',
        kubernetes,
        { term: { log: 'Failed' } },
        0,
      ],
      [
        'exists on a keyword field',
        kubernetes,
        { exists: { field: 'level' } },
        perService * services,
      ],
      [
        'exists of a sub-field the template made none of',
        kubernetes,
        { exists: { field: 'level.keyword' } },
        0,
      ],
      [
        'exists of the .keyword twin (dynamic mapping)',
        dynamic,
        { exists: { field: 'level.keyword' } },
        perService * services,
      ],
      [
        'Kong service name',
        kong,
        { term: { 'service.name': 'nginx-ab.nginx-ab.pnum-80' } },
        perService,
      ],
      [
        'Kong status as a number, at least 500',
        kong,
        { range: { 'response.status': { gte: 500 } } },
        24 * services,
      ],
      [
        'Kong statuses as strings and numbers',
        kong,
        { terms: { 'response.status': ['500', 502] } },
        24 * services,
      ],
      [
        'a range of keywords (byte order)',
        kubernetes,
        { range: { 'kubernetes.pod_name': { gte: 'driver', lt: 'e' } } },
        perService,
      ],
    ])('%s', async (_name, index, query, expected) => {
      expect(await count(t(), index, query)).toBe(expected);
    });

    it.each<[string, unknown, number]>([
      [
        'ISO bounds with format (the backend’s range)',
        {
          range: {
            '@timestamp': {
              gte: '2026-11-22T08:00:00.000Z',
              lte: '2026-11-22T09:00:00.000Z',
              format: 'strict_date_optional_time',
            },
          },
        },
        6,
      ],
      [
        'a date-only gte and lte cover the whole day',
        { range: { '@timestamp': { gte: '2026-11-22', lte: '2026-11-22' } } },
        54,
      ],
      [
        'a date-only lt excludes the day',
        { range: { '@timestamp': { lt: '2026-11-22' } } },
        90,
      ],
      [
        'a date-only gt excludes the day',
        { range: { '@timestamp': { gt: '2026-11-21' } } },
        54,
      ],
      [
        'a year-month lte rounds up to the month’s first day only',
        { range: { '@timestamp': { lte: '2026-11' } } },
        0,
      ],
      [
        'an hour without minutes, gte',
        { range: { '@timestamp': { gte: '2026-11-22T08' } } },
        6,
      ],
      [
        'anchored date math, minus an hour',
        { range: { '@timestamp': { gte: '2026-11-22T09:00:00.000Z||-1h' } } },
        6,
      ],
      [
        'anchored date math rounded down (gte)',
        { range: { '@timestamp': { gte: '2026-11-22T08:59:00Z||/h' } } },
        6,
      ],
      [
        'anchored date math rounded up (lte)',
        { range: { '@timestamp': { lte: '2026-11-21T12:00:00Z||/d' } } },
        90,
      ],
      [
        'anchored date math rounded up (gt)',
        { range: { '@timestamp': { gt: '2026-11-21T12:00:00Z||/d' } } },
        54,
      ],
      [
        'now in date math',
        {
          range: {
            '@timestamp': { gte: 'now-100000d', lte: 'now+1d/d' },
          },
        },
        perService,
      ],
      [
        'a time_zone for a bound without zone',
        {
          range: {
            '@timestamp': {
              gte: '2026-11-22T09:00:00',
              time_zone: '+01:00',
            },
          },
        },
        6,
      ],
      [
        'a bound in epoch milliseconds',
        {
          range: {
            '@timestamp': { gte: Date.parse('2026-11-22T08:00:00.000Z') },
          },
        },
        6,
      ],
      [
        'a bound in epoch milliseconds as a string',
        {
          range: {
            '@timestamp': {
              gte: String(Date.parse('2026-11-22T08:00:00.000Z')),
            },
          },
        },
        6,
      ],
    ])('a time range: %s', async (_name, range, expected) => {
      const query = {
        bool: {
          filter: [{ term: { 'kubernetes.labels.app': 'driver' } }, range],
        },
      };
      expect(await count(t(), kubernetes, query)).toBe(expected);
    });

    it.each<[string, unknown, number]>([
      [
        'should alone needs one match',
        { bool: { should: [{ term: { level: 'nope' } }] } },
        0,
      ],
      [
        'should is optional next to a filter',
        {
          bool: {
            filter: [{ term: { 'kubernetes.labels.app': 'driver' } }],
            should: [{ term: { level: 'nope' } }],
          },
        },
        perService,
      ],
      [
        'should is optional in a nested bool next to its filter',
        {
          bool: {
            filter: [
              {
                bool: {
                  filter: [{ term: { 'kubernetes.labels.app': 'driver' } }],
                  should: [{ term: { level: 'nope' } }],
                },
              },
            ],
          },
        },
        perService,
      ],
      [
        'minimum_should_match as a percentage',
        {
          bool: {
            should: [
              { term: { 'kubernetes.labels.app': 'driver' } },
              { term: { level: 'error' } },
            ],
            minimum_should_match: '100%',
          },
        },
        12,
      ],
      [
        'minimum_should_match negative',
        {
          bool: {
            should: [
              { term: { 'kubernetes.labels.app': 'driver' } },
              { term: { level: 'error' } },
            ],
            minimum_should_match: -1,
          },
        },
        perService + 24,
      ],
      [
        'must_not',
        {
          bool: {
            filter: { term: { 'kubernetes.labels.app': 'driver' } },
            must_not: [{ terms: { level: ['info'] } }],
          },
        },
        36,
      ],
    ])('bool: %s', async (_name, query, expected) => {
      expect(await count(t(), kubernetes, query)).toBe(expected);
    });
  });

  describe('index expressions', () => {
    it('a wildcard matching nothing counts zero on zero shards', async () => {
      const res = await call(t(), 'POST', '/metrics-*/_count', {});
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        count: 0,
        _shards: { total: 0, successful: 0, skipped: 0, failed: 0 },
      });
    });

    it('a missing concrete index is 404 index_not_found_exception', async () => {
      const res = await call(t(), 'POST', '/nope/_count', {});
      expect(res.status).toBe(404);
      expect(res.product).toBe('Elasticsearch');
      const cause = {
        type: 'index_not_found_exception',
        reason: 'no such index [nope]',
        'resource.type': 'index_or_alias',
        'resource.id': 'nope',
        index_uuid: '_na_',
        index: 'nope',
      };
      expect(res.body).toEqual({
        error: { root_cause: [cause], ...cause },
        status: 404,
      });
    });

    it('a missing name next to existing ones is 404 too', async () => {
      const res = await call(t(), 'POST', `/nope,${kong}/_count`, {});
      expect(res.status).toBe(404);
      expect(res.body.error.index).toBe('nope');
    });

    it('ignore_unavailable=true skips the missing name', async () => {
      const res = await call(
        t(),
        'POST',
        `/nope,${kong}/_count?ignore_unavailable=true`,
        {},
      );
      expect(res.body.count).toBe(perService * services);
    });

    it('allow_no_indices=false makes an empty wildcard a 404', async () => {
      const res = await call(
        t(),
        'POST',
        '/metrics-*/_count?allow_no_indices=false',
        {},
      );
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        type: 'index_not_found_exception',
        index: 'metrics-*',
      });
    });

    it('a comma list and an exclusion', async () => {
      expect(await count(t(), `${kong},${dynamic}`)).toBe(
        2 * perService * services,
      );
      expect(await count(t(), `logs-*,-${kong}`)).toBe(perService * services);
    });
  });

  describe('errors', () => {
    it.each<[string, string, unknown, number, string, string | RegExp]>([
      [
        'an unknown query',
        '_count',
        { query: { no_such_query: {} } },
        400,
        'parsing_exception',
        'unknown query [no_such_query]',
      ],
      [
        'two queries in one object',
        '_count',
        { query: { term: { a: 1 }, terms: { b: [1] } } },
        400,
        'parsing_exception',
        '[term] malformed query, expected [END_OBJECT] but found [FIELD_NAME]',
      ],
      [
        'terms without an array',
        '_count',
        { query: { terms: { level: 'error' } } },
        400,
        'parsing_exception',
        '[terms] query does not support [level]',
      ],
      [
        'a term on two fields',
        '_count',
        { query: { term: { a: 1, b: 2 } } },
        400,
        'parsing_exception',
        "[term] query doesn't support multiple fields, found [a] and [b]",
      ],
      [
        'malformed JSON',
        '_count',
        '{"query":',
        400,
        'parsing_exception',
        'Failed to parse',
      ],
      [
        'a body that is an array',
        '_count',
        '[]',
        400,
        'parsing_exception',
        'Expected [START_OBJECT] but found [START_ARRAY]',
      ],
      [
        'a _count body with size',
        '_count',
        { size: 1 },
        400,
        'parsing_exception',
        'request does not support [size]',
      ],
      [
        'an unknown _search key',
        '_search',
        { foo: 1 },
        400,
        'parsing_exception',
        'Unknown key for a VALUE_NUMBER in [foo].',
      ],
    ])('%s', async (_name, endpoint, body, status, type, reason) => {
      const res = await call(t(), 'POST', `/${kong}/${endpoint}`, body);
      expect(res.status).toBe(status);
      expect(res.product).toBe('Elasticsearch');
      expect(res.body).toMatchObject({ status, error: { type, reason } });
      expect(res.body.error.root_cause.length).toBeGreaterThan(0);
    });

    it.each<[string, unknown]>([
      [
        'a date that is no date',
        { range: { '@timestamp': { gte: 'yesterday' } } },
      ],
      ['a number that is no number', { term: { 'response.status': 'abc' } }],
    ])(
      '%s fails every shard: 400 search_phase_execution_exception',
      async (_name, query) => {
        const res = await call(t(), 'POST', `/${kong}/_count`, { query });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          status: 400,
          error: {
            type: 'search_phase_execution_exception',
            reason: 'all shards failed',
            phase: 'query',
            grouped: true,
          },
        });
        // One root cause and one failed shard per daily index.
        expect(res.body.error.root_cause).toHaveLength(2);
        expect(res.body.error.failed_shards).toHaveLength(2);
      },
    );

    it('names the shard failure of a bad date', async () => {
      const res = await call(t(), 'POST', `/${kong}/_count`, {
        query: { range: { '@timestamp': { gte: 'yesterday' } } },
      });
      expect(res.body.error.root_cause[0]).toEqual({
        type: 'parse_exception',
        reason:
          'failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]: [failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]]',
      });
    });

    it('a wrong method is 405 with a string error', async () => {
      const res = await call(t(), 'DELETE', `/${kong}/_count`);
      expect(res.status).toBe(405);
      expect(res.body).toEqual({
        error: `Incorrect HTTP method for uri [/${kong}/_count] and method [DELETE], allowed: [GET, POST]`,
        status: 405,
      });
    });

    it('an unknown parameter is 400 illegal_argument_exception', async () => {
      const res = await call(t(), 'POST', `/${kong}/_count?bogus=1`, {});
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        type: 'illegal_argument_exception',
        reason: `request [/${kong}/_count] contains unrecognized parameter: [bogus]`,
      });
    });
  });

  describe('authentication', () => {
    const challenge = ['Basic realm="security", charset="UTF-8"', 'ApiKey'];

    it('no credentials: 401 naming the request, with the challenge', async () => {
      const res = await call(
        t(),
        'POST',
        `/${kong}/_count?ignore_unavailable=true`,
        {},
        null,
      );
      expect(res.status).toBe(401);
      expect(res.challenge).toBe(challenge.join(', '));
      const cause = {
        type: 'security_exception',
        reason: `missing authentication credentials for REST request [/${kong}/_count?ignore_unavailable=true]`,
        header: { 'WWW-Authenticate': challenge },
      };
      expect(res.body).toEqual({
        error: { root_cause: [cause], ...cause },
        status: 401,
      });
    });

    it.each([
      [
        'an unknown API key id',
        `ApiKey ${Buffer.from('unknown-id:wrong').toString('base64')}`,
        'API key: apikey authentication for id unknown-id encountered a failure',
      ],
      [
        'an API key that is not id:key',
        `ApiKey ${Buffer.from('garbage').toString('base64')}`,
        'API key: invalid ApiKey value',
      ],
      [
        'an API key that is not base64',
        'ApiKey not-base64',
        'API key: Illegal base64 character 2d',
      ],
    ])('%s: 401 with the failed credential', async (_name, header, detail) => {
      const res = await call(t(), 'POST', `/${kong}/_count`, {}, header);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        type: 'security_exception',
        reason:
          'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
        additional_unsuccessful_credentials: detail,
      });
    });

    it('a user with a wrong password: 401 naming the user and the request', async () => {
      const res = await call(
        t(),
        'POST',
        `/${kong}/_count`,
        {},
        `Basic ${Buffer.from('portal:wrong').toString('base64')}`,
      );
      expect(res.status).toBe(401);
      expect(res.body.error.reason).toBe(
        `unable to authenticate user [portal] for REST request [/${kong}/_count]`,
      );
    });
  });

  describe('_search', () => {
    const kongErrors = {
      bool: {
        filter: [
          { term: { 'service.name': 'driver.driver.pnum-80' } },
          { range: { 'response.status': { gte: 500 } } },
        ],
      },
    };

    it('pages Kong tcp-log errors newest first with sort values', async () => {
      const res = await call(t(), 'POST', `/${kong}/_search`, {
        size: 2,
        sort: [{ '@timestamp': 'desc' }],
        query: kongErrors,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        timed_out: false,
        _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
        hits: { total: { value: 24, relation: 'eq' }, max_score: null },
      });
      const [first, second] = res.body.hits.hits;
      expect(res.body.hits.hits).toHaveLength(2);
      expect(first).toMatchObject({
        _index: 'logs-kong-2026.11.22',
        _score: null,
        _source: {
          route: { name: 'driver.driver.driver.80' },
          service: { name: 'driver.driver.pnum-80' },
        },
      });
      expect(first.sort).toEqual([Date.parse(first._source['@timestamp'])]);
      expect(first.sort[0]).toBeGreaterThan(second.sort[0]);
    });

    it('sorts ascending and pages with from', async () => {
      const all = await call(t(), 'POST', `/${kong}/_search`, {
        size: 24,
        sort: [{ '@timestamp': { order: 'asc' } }],
        query: kongErrors,
      });
      const page = await call(t(), 'POST', `/${kong}/_search`, {
        from: 10,
        size: 5,
        sort: [{ '@timestamp': { order: 'asc' } }],
        query: kongErrors,
      });
      const times = all.body.hits.hits.map((h: any) => h.sort[0]);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(page.body.hits.hits.map((h: any) => h.sort[0])).toEqual(
        times.slice(10, 15),
      );
    });
  });
}
