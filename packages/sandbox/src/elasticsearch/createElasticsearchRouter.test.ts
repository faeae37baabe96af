import request from 'supertest';
import {
  apiKeyFailure,
  createElasticsearchRouter,
} from './createElasticsearchRouter';
import { ElasticsearchStore } from './ElasticsearchStore';
import { createSeededElasticsearchStore, SEED_LOG_SERVICES } from './seedLogs';

const NOW = new Date('2026-11-22T09:00:00.000Z');

function errorCountQuery(namespace: string, app: string, from: string) {
  return {
    bool: {
      filter: [
        { term: { 'kubernetes.namespace_name': namespace } },
        { term: { 'kubernetes.labels.app': app } },
        {
          range: {
            '@timestamp': {
              gte: from,
              lte: NOW.toISOString(),
              format: 'strict_date_optional_time',
            },
          },
        },
        {
          bool: {
            should: [{ terms: { level: ['error', 'fatal', 'critical'] } }],
            minimum_should_match: 1,
          },
        },
      ],
    },
  };
}

describe('createElasticsearchRouter', () => {
  const app = createElasticsearchRouter({
    store: createSeededElasticsearchStore(NOW),
  });

  it('answers GET / with the ES 8 cluster info and product header', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(res.body).toMatchObject({
      cluster_name: 'sandbox',
      version: {
        number: expect.stringMatching(/^8\./),
        build_flavor: 'default',
      },
      tagline: 'You Know, for Search',
    });
  });

  it('counts every demo service’s seeded application lines over the daily indices', async () => {
    for (const service of SEED_LOG_SERVICES) {
      const res = await request(app)
        .post('/logs-*/_count')
        .send({
          query: {
            bool: {
              filter: [
                { term: { 'kubernetes.namespace_name': service.namespace } },
                { term: { 'kubernetes.labels.app': service.app } },
              ],
            },
          },
        })
        .expect(200);
      expect(res.body).toEqual({
        count: 144,
        _shards: { total: 4, successful: 4, skipped: 0, failed: 0 },
      });
    }
  });

  it('counts errors in a time window (the backend’s query)', async () => {
    const lastHour = await request(app)
      .post('/logs-*/_count')
      .send({
        query: errorCountQuery('driver', 'driver', '2026-11-22T08:00:00.000Z'),
      })
      .expect(200);
    // 6 lines in the last hour (n = 0..5): LEVELS[5] is info, none of 0..5 is error/fatal
    expect(lastHour.body.count).toBe(0);
    const lastDay = await request(app)
      .post('/logs-*/_count')
      .send({
        query: errorCountQuery('driver', 'driver', '2026-11-21T09:00:00.000Z'),
      })
      .expect(200);
    // 144 lines, levels cycle every 12 with one error and one fatal
    expect(lastDay.body.count).toBe(24);
  });

  it('GET _count takes the body too, and no query counts everything', async () => {
    const res = await request(app).get('/logs-kong-*/_count').expect(200);
    expect(res.body.count).toBe(144 * SEED_LOG_SERVICES.length);
  });

  it('searches Kong tcp-log lines newest first with size and the hits envelope', async () => {
    const res = await request(app)
      .post('/logs-*/_search')
      .send({
        size: 2,
        query: {
          bool: {
            filter: [
              { term: { 'service.name': 'driver.driver.pnum-80' } },
              { range: { 'response.status': { gte: 500 } } },
            ],
          },
        },
      })
      .expect(200);
    expect(res.body.timed_out).toBe(false);
    expect(res.body.hits.total).toEqual({ value: 24, relation: 'eq' });
    expect(res.body.hits.hits).toHaveLength(2);
    const [first, second] = res.body.hits.hits;
    expect(first._index).toMatch(/^logs-kong-2026\.11\.2[12]$/);
    expect(first._source).toMatchObject({
      route: { name: 'driver.driver.driver.80' },
      service: { name: 'driver.driver.pnum-80' },
    });
    expect(first._source.response.status).toBeGreaterThanOrEqual(500);
    expect(Date.parse(first._source['@timestamp'])).toBeGreaterThan(
      Date.parse(second._source['@timestamp']),
    );
  });

  it('finds a phrase in the log line', async () => {
    const res = await request(app)
      .post('/logs-kubernetes-*/_search')
      .send({
        query: { match_phrase: { log: 'failed request 6 in giropops-senhas' } },
      })
      .expect(200);
    expect(res.body.hits.total.value).toBe(1);
    expect(res.body.hits.hits[0]._source.kubernetes.pod_name).toBe(
      'giropops-senhas-6c8d7f9b5-h4j2n',
    );
  });

  it.each<[string, () => request.Test, number, string]>([
    [
      // fuzzy is real Elasticsearch DSL, but outside the stand-in's subset: refused, not ignored.
      'a query outside the stand-in’s subset',
      () =>
        request(app)
          .post('/logs-*/_count')
          .send({ query: { fuzzy: { a: 'b' } } }),
      400,
      'parsing_exception',
    ],
    [
      'aggregations, which the stand-in does not compute',
      () =>
        request(app)
          .post('/logs-*/_search')
          .send({ aggs: { levels: { terms: { field: 'level' } } } }),
      400,
      'parsing_exception',
    ],
    [
      'a missing concrete index',
      () => request(app).post('/nope/_count').send({}),
      404,
      'index_not_found_exception',
    ],
    [
      'malformed JSON',
      () =>
        request(app)
          .post('/logs-*/_count')
          .set('Content-Type', 'application/json')
          .send('{"query":'),
      400,
      'parsing_exception',
    ],
  ])(
    'answers %s with the ES error shape',
    async (_name, call, status, type) => {
      const res = await call().expect(status);
      expect(res.body).toMatchObject({
        status,
        error: { type, root_cause: [{ type }] },
      });
    },
  );

  it('answers a wrong method with the plain-string error ES sends', async () => {
    const res = await request(app).delete('/logs-*/_count').expect(405);
    expect(res.body).toEqual({
      error:
        'Incorrect HTTP method for uri [/logs-*/_count] and method [DELETE], allowed: [GET, POST]',
      status: 405,
    });
    const unknown = await request(app).get('/_nope/x/y').expect(400);
    expect(unknown.body.error).toBe(
      'no handler found for uri [/_nope/x/y] and method [GET]',
    );
  });

  it('a wildcard that matches no index counts zero', async () => {
    const res = await request(app)
      .post('/metrics-*/_count')
      .send({})
      .expect(200);
    expect(res.body).toEqual({
      count: 0,
      _shards: { total: 0, successful: 0, skipped: 0, failed: 0 },
    });
  });

  it('demands the configured credentials', async () => {
    const store = new ElasticsearchStore();
    store.add('logs-x', { level: 'error' });
    const secured = createElasticsearchRouter({
      store,
      auth: { apiKey: 'k1' },
    });
    const denied = await request(secured).get('/logs-x/_count').expect(401);
    expect(denied.body.error).toMatchObject({
      type: 'security_exception',
      reason:
        'missing authentication credentials for REST request [/logs-x/_count]',
    });
    const wrongKey = await request(secured)
      .get('/logs-x/_count')
      .set('Authorization', 'ApiKey nope')
      .expect(401);
    expect(wrongKey.body.error).toMatchObject({
      type: 'security_exception',
      reason:
        'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
      additional_unsuccessful_credentials: 'API key: invalid ApiKey value',
    });
    expect(apiKeyFailure('not-base64')).toBe('Illegal base64 character 2d');
    expect(apiKeyFailure('abcde')).toBe(
      'Last unit does not have enough valid bits',
    );
    expect(wrongKey.headers['www-authenticate']).toBe(
      'Basic realm="security", charset="UTF-8", ApiKey',
    );
    const unknownId = await request(secured)
      .get('/logs-x/_count')
      .set(
        'Authorization',
        `ApiKey ${Buffer.from('nope:nope').toString('base64')}`,
      )
      .expect(401);
    expect(unknownId.body.error.additional_unsuccessful_credentials).toBe(
      'API key: apikey authentication for id nope encountered a failure',
    );
    await request(secured)
      .get('/logs-x/_count')
      .set('Authorization', 'ApiKey k1')
      .expect(200, {
        count: 1,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      });
    const basic = createElasticsearchRouter({
      store,
      auth: { username: 'elastic', password: 'pw' },
    });
    await request(basic).get('/').auth('elastic', 'pw').expect(200);
    const wrongPassword = await request(basic)
      .get('/')
      .auth('elastic', 'wrong')
      .expect(401);
    expect(wrongPassword.body.error.reason).toBe(
      'unable to authenticate user [elastic] for REST request [/]',
    );
  });
});
