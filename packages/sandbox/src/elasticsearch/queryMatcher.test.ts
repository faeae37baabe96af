import { compileQuery, fieldValue } from './queryMatcher';

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
    ['kubernetes.labels.app.keyword', 'driver'],
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
    ['terms without an array', { terms: { level: 'error' } }, /array/],
    ['term with two fields', { term: { a: 1, b: 2 } }, /multiple fields/],
  ])('rejects %s with a parsing_exception', (_name, query, reason) => {
    expect(() => compileQuery(query)).toThrow(reason);
  });
});
