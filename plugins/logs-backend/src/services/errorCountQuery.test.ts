import { readLogFieldMapping } from '@internal/plugin-logs-common';
import { buildErrorCountQuery } from './errorCountQuery';

const fields = readLogFieldMapping(undefined);
const from = new Date('2026-11-22T08:00:00.000Z');
const to = new Date('2026-11-22T09:00:00.000Z');

describe('buildErrorCountQuery', () => {
  it('filters namespace, app label, time range and the error condition', () => {
    expect(
      buildErrorCountQuery({
        fields,
        target: { namespace: 'driver', app: 'driver' },
        from,
        to,
      }),
    ).toEqual({
      bool: {
        filter: [
          { term: { 'kubernetes.namespace_name': 'driver' } },
          { term: { 'kubernetes.labels.app': 'driver' } },
          {
            range: {
              '@timestamp': {
                gte: '2026-11-22T08:00:00.000Z',
                lte: '2026-11-22T09:00:00.000Z',
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
    });
  });

  it('adds the HTTP status condition and the keyword suffix when configured', () => {
    const query = buildErrorCountQuery({
      fields: { ...fields, httpStatus: 'status', errorStatusFrom: 500 },
      target: { namespace: 'giropops', app: 'giropops-senhas' },
      from,
      to,
      keywordSuffix: '.keyword',
    }) as any;
    expect(query.bool.filter[0]).toEqual({
      term: { 'kubernetes.namespace_name.keyword': 'giropops' },
    });
    expect(query.bool.filter[3].bool.should).toEqual([
      { terms: { 'level.keyword': ['error', 'fatal', 'critical'] } },
      { range: { status: { gte: 500 } } },
    ]);
  });

  it('keeps hostile values as plain JSON values', () => {
    const app = '"} } ,{"match_all":{}}';
    const query = buildErrorCountQuery({
      fields,
      target: { namespace: 'x', app },
      from,
      to,
    }) as any;
    expect(query.bool.filter[1]).toEqual({
      term: { 'kubernetes.labels.app': app },
    });
  });
});
