import { ShardFailure } from './EsApiError';
import { FLUENTD_LOG_INDEX_TEMPLATE } from './mapping';
import {
  compileQuery,
  fieldValue,
  indexedField,
  minimumShouldMatch,
} from './queryMatcher';

const doc = {
  '@timestamp': '2026-11-22T08:30:00.000Z',
  level: 'error',
  log: 'Failed to connect to Redis at redis:6379',
  kubernetes: { namespace_name: 'driver', labels: { app: 'driver' } },
  'response.status': 502,
  tags: ['a', 'b'],
};

describe('fieldValue', () => {
  it.each([
    ['kubernetes.namespace_name', 'driver'],
    ['kubernetes.labels.app', 'driver'],
    // A sub-field is the mapping's, not the document's (see indexedField).
    ['kubernetes.labels.app.keyword', undefined],
    ['response.status', 502],
    ['missing.field', undefined],
  ])('%s', (field, expected) => {
    expect(fieldValue(doc, field)).toBe(expected);
  });
});

describe('compileQuery', () => {
  it.each<[string, unknown, boolean]>([
    ['match_all', { match_all: {} }, true],
    ['no query', undefined, true],
    ['term hit', { term: { 'kubernetes.namespace_name': 'driver' } }, true],
    ['term miss', { term: { 'kubernetes.namespace_name': 'giropops' } }, false],
    ['term with value', { term: { level: { value: 'error' } } }, true],
    ['term on an array field', { term: { tags: 'b' } }, true],
    ['terms', { terms: { level: ['fatal', 'error'] } }, true],
    ['range number gte', { range: { 'response.status': { gte: 500 } } }, true],
    ['range number lt', { range: { 'response.status': { lt: 500 } } }, false],
    [
      'range date inside',
      {
        range: {
          '@timestamp': {
            gte: '2026-11-22T08:00:00Z',
            lte: '2026-11-22T09:00:00Z',
            format: 'strict_date_optional_time',
          },
        },
      },
      true,
    ],
    [
      'range date outside',
      { range: { '@timestamp': { gt: '2026-11-22T08:30:00Z' } } },
      false,
    ],
    ['match_phrase', { match_phrase: { log: 'connect to redis' } }, true],
    ['exists', { exists: { field: 'level' } }, true],
    [
      'bool filter + should',
      {
        bool: {
          filter: [{ term: { level: 'warn' } }],
          should: [{ term: { level: 'error' } }],
        },
      },
      false,
    ],
    [
      'bool should with minimum',
      {
        bool: {
          filter: [{ term: { 'kubernetes.labels.app': 'driver' } }],
          should: [
            { terms: { level: ['fatal'] } },
            { range: { 'response.status': { gte: 500 } } },
          ],
          minimum_should_match: 1,
        },
      },
      true,
    ],
    [
      'bool must_not',
      { bool: { must_not: { term: { level: 'error' } } } },
      false,
    ],
    [
      'bool should only',
      { bool: { should: [{ term: { level: 'info' } }] } },
      false,
    ],
  ])('%s', (_name, query, expected) => {
    expect(compileQuery(query)(doc)).toBe(expected);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an unknown query',
      { wildcard: { level: 'e*' } },
      /unknown query \[wildcard\]/,
    ],
    [
      'two queries in one object',
      { term: { a: 1 }, terms: { b: [1] } },
      /malformed/,
    ],
    [
      'terms without an array',
      { terms: { level: 'error' } },
      /\[terms\] query does not support \[level\]/,
    ],
    ['term with two fields', { term: { a: 1, b: 2 } }, /multiple fields/],
  ])('rejects %s with a parsing_exception', (_name, query, reason) => {
    expect(() => compileQuery(query)).toThrow(reason);
  });
});

// Each case below is a difference a real Elasticsearch showed (packages/real-infra) and the
// stand-in now shares.
describe('matching by the index mapping', () => {
  const template = FLUENTD_LOG_INDEX_TEMPLATE.body;
  const line = {
    '@timestamp': '2026-11-22T08:30:00.000Z',
    level: 'error',
    log: 'failed request 6 in giropops-senhas',
    kubernetes: {
      namespace_name: 'nginx-ab',
      pod_name: 'nginx-ab-v1-7b9f8c6d4-p9r2t',
    },
    response: { status: 502 },
  };
  const matches = (query: unknown, dynamic = false) =>
    compileQuery(query, { template: dynamic ? undefined : template })(line);

  it('maps strings as keyword under the Fluentd template, log as text, and no .keyword', () => {
    expect(indexedField(line, 'kubernetes.namespace_name', template)).toEqual({
      mapping: { type: 'keyword', ignore_above: 1024 },
      values: ['nginx-ab'],
    });
    expect(indexedField(line, 'log', template)?.mapping.type).toBe('text');
    expect(indexedField(line, 'level.keyword', template)).toBeUndefined();
    expect(indexedField(line, '@timestamp', template)?.mapping.type).toBe(
      'date',
    );
  });

  it('maps strings as text with a .keyword twin under dynamic mapping', () => {
    expect(indexedField(line, 'level', undefined)?.mapping.type).toBe('text');
    expect(indexedField(line, 'level.keyword', undefined)).toEqual({
      mapping: { type: 'keyword', ignore_above: 256 },
      values: ['error'],
    });
    expect(indexedField(line, '@timestamp', undefined)?.mapping.type).toBe(
      'date',
    );
    // Longer than ignore_above: kept in _source, not indexed in .keyword.
    const long = { message: 'x'.repeat(257) };
    expect(indexedField(long, 'message.keyword', undefined)).toEqual({
      mapping: { type: 'keyword', ignore_above: 256 },
      values: [],
    });
  });

  it('a term meets the whole keyword, but only tokens of a text field', () => {
    const dashed = { term: { 'kubernetes.namespace_name': 'nginx-ab' } };
    expect(matches(dashed)).toBe(true);
    expect(matches(dashed, true)).toBe(false);
    expect(matches({ term: { 'kubernetes.namespace_name': 'ab' } }, true)).toBe(
      true,
    );
    expect(
      matches({ term: { 'kubernetes.namespace_name.keyword': 'nginx-ab' } }),
    ).toBe(false);
    expect(
      matches(
        { term: { 'kubernetes.namespace_name.keyword': 'nginx-ab' } },
        true,
      ),
    ).toBe(true);
    // Terms are not analyzed: upper case never meets the lowercased tokens.
    expect(matches({ term: { log: 'Failed' } })).toBe(false);
    expect(matches({ term: { log: 'failed' } })).toBe(true);
  });

  it('case_insensitive terms', () => {
    expect(matches({ term: { level: 'ERROR' } })).toBe(false);
    expect(
      matches({ term: { level: { value: 'ERROR', case_insensitive: true } } }),
    ).toBe(true);
  });

  it('match_phrase is the whole value on a keyword, a token sequence on text', () => {
    expect(
      matches({ match_phrase: { 'kubernetes.pod_name': 'nginx-ab-v1' } }),
    ).toBe(false);
    expect(
      matches({
        match_phrase: { 'kubernetes.pod_name': 'nginx-ab-v1-7b9f8c6d4-p9r2t' },
      }),
    ).toBe(true);
    expect(matches({ match_phrase: { log: 'REQUEST 6 in' } })).toBe(true);
    expect(matches({ match_phrase: { log: 'ailed request' } })).toBe(false);
    expect(matches({ match_phrase: { log: 'request in' } })).toBe(false);
  });

  it('match: any token, or all with operator and', () => {
    expect(matches({ match: { log: 'senhas nothing' } })).toBe(true);
    expect(
      matches({ match: { log: { query: 'senhas nothing', operator: 'and' } } }),
    ).toBe(false);
  });

  it('a number that is no number fails the shard', () => {
    expect(() => matches({ term: { 'response.status': 'abc' } })).toThrow(
      ShardFailure,
    );
    expect(matches({ term: { 'response.status': '502' } })).toBe(true);
  });

  it('a date that is no date fails the shard', () => {
    expect(() =>
      matches({ range: { '@timestamp': { gte: 'yesterday' } } }),
    ).toThrow(/failed to parse date field \[yesterday\]/);
  });

  it.each<[string, unknown, boolean]>([
    ['lte date-only rounds up to the day’s end', { lte: '2026-11-22' }, true],
    ['lt date-only is the day’s start', { lt: '2026-11-22' }, false],
    ['gt date-only rounds up', { gt: '2026-11-22' }, false],
    [
      'lte year-month is the month’s first day (23:59:59.999)',
      { lte: '2026-11' },
      false,
    ],
    ['anchored math rounded up', { lte: '2026-11-22T08:00:00Z||/h' }, true],
    ['anchored math rounded, gt', { gt: '2026-11-22T08:00:00Z||/h' }, false],
    ['anchored math plus', { gte: '2026-11-22T08:00:00Z||+30m' }, true],
    [
      'a zone for a bound without one',
      { gte: '2026-11-22T09:30:00', time_zone: '+01:00' },
      true,
    ],
    [
      'epoch millis as a string',
      { gte: String(Date.parse('2026-11-22T08:30:00.001Z')) },
      false,
    ],
  ])('a date range: %s', (_name, bounds, expected) => {
    expect(matches({ range: { '@timestamp': bounds } })).toBe(expected);
  });

  it('a range on a keyword compares bytes of the whole value', () => {
    expect(
      matches({
        range: { 'kubernetes.pod_name': { gte: 'nginx', lt: 'nginy' } },
      }),
    ).toBe(true);
  });
});

describe('minimumShouldMatch', () => {
  it.each<[unknown, number, number]>([
    [1, 3, 1],
    ['2', 3, 2],
    [-1, 3, 2],
    ['75%', 3, 2],
    ['100%', 2, 2],
    ['-25%', 3, 3],
    [5, 2, 5],
  ])('%s of %i optional clauses is %i', (spec, optional, expected) => {
    expect(minimumShouldMatch(spec, optional)).toBe(expected);
  });
});
