import {
  catalogFilter,
  catalogIndexLoad,
  searchKeystroke,
  typedTerms,
} from './pages';

describe('typedTerms', () => {
  it.each([
    ['pay', 2, ['pa', 'pay']],
    ['pay', 1, ['p', 'pa', 'pay']],
    ['ab cd', 2, ['ab', 'ab c', 'ab cd']],
    ['a', 2, []],
  ])('%j from %i characters: %j', (text, min, terms) => {
    expect(typedTerms(text, min)).toEqual(terms);
  });
});

describe('searchKeystroke', () => {
  it('sends the result list and the two accordion counts', () => {
    expect(searchKeystroke('ledger wo')).toEqual({
      'search results':
        '/api/search/query?term=ledger+wo&types%5B0%5D=software-catalog',
      'search count (all types)':
        '/api/search/query?term=ledger+wo&pageLimit=0',
      'search count (software-catalog)':
        '/api/search/query?term=ledger+wo&types%5B0%5D=software-catalog&pageLimit=0',
    });
  });
});

describe('catalogFilter', () => {
  it.each([
    [{ kind: 'component' }, 'kind=component'],
    [
      {
        kind: 'component',
        'relations.ownedBy': ['user:default/u', 'group:default/g'],
      },
      'kind=component,relations.ownedBy=user:default/u,relations.ownedBy=group:default/g',
    ],
    [{}, ''],
  ])('%j → %s', (filter, text) => {
    expect(catalogFilter(filter)).toBe(text);
  });
});

describe('catalogIndexLoad', () => {
  const refs = ['user:default/u', 'group:default/g'];
  const params = (path: string) =>
    Object.fromEntries(new URL(path, 'http://x').searchParams);

  it.each([
    [
      'owned',
      'kind=component,relations.ownedBy=user:default/u,relations.ownedBy=group:default/g',
    ],
    ['all', 'kind=component'],
  ] as const)('the %s view pages the table with %s', (view, filter) => {
    const load = catalogIndexLoad(view, refs);
    expect(params(load['table first page'])).toEqual({
      filter,
      limit: '20',
      orderField: 'metadata.name,asc',
      totalItems: 'exclude',
    });
    expect(params(load['table total'])).toEqual({
      filter,
      limit: '0',
      orderField: 'metadata.name,asc',
    });
    expect(params(load['count all'])).toEqual({
      filter: 'kind=component',
      limit: '0',
    });
  });

  it('loads the facets of every picker', () => {
    const load = catalogIndexLoad('owned', refs);
    expect(params(load['facet kind'])).toEqual({ facet: 'kind' });
    expect(params(load['facet spec.type'])).toEqual({
      facet: 'spec.type',
      filter: 'kind=component',
    });
    expect(params(load['facet relations.ownedBy'])).toEqual({
      facet: 'relations.ownedBy',
    });
    expect(Object.keys(load)).toHaveLength(10);
  });
});
