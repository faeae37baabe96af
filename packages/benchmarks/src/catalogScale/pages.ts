/**
 * The backend requests of two frontend pages, as their components send them (catalog-client,
 * search-react and catalog-react of Backstage 1.55), so that the benchmark loads what a browser
 * loads.
 */

/** Request name → path (with query) under the backend's base URL. */
export type PageRequests = Record<string, string>;

const query = (params: Array<[string, string]>) =>
  new URLSearchParams(params).toString();

/**
 * What a user typing `text` sends, one term per keystroke from `minLength` characters on
 * (the search bar debounces, so a fast typist sends fewer): `pa`, `pay`, `paym`, … Spaces
 * are kept, so `ledger wo` is a finished word and a word in progress.
 */
export function typedTerms(text: string, minLength = 2): string[] {
  const terms: string[] = [];
  for (let end = minLength; end <= text.length; end++) {
    const term = text.slice(0, end);
    if (!term.endsWith(' ')) terms.push(term);
  }
  return terms;
}

/**
 * One keystroke on the search page with the "Software Catalog" result type selected: the
 * result list (`SearchContextProvider`: term and types, no page limit) and the two counts of
 * the result-type accordion (`SearchType.Accordion` with `showCounts`: "All" without types and
 * "Software Catalog", both `pageLimit=0`), sent in parallel.
 */
export function searchKeystroke(term: string): PageRequests {
  const type: [string, string] = ['types[0]', 'software-catalog'];
  return {
    'search results': `/api/search/query?${query([['term', term], type])}`,
    'search count (all types)': `/api/search/query?${query([
      ['term', term],
      ['pageLimit', '0'],
    ])}`,
    'search count (software-catalog)': `/api/search/query?${query([
      ['term', term],
      type,
      ['pageLimit', '0'],
    ])}`,
  };
}

/** The catalog filter string of catalog-client (`key=value` pairs joined by commas). */
export function catalogFilter(filter: Record<string, string | string[]>) {
  return Object.entries(filter)
    .flatMap(([key, values]) => [values].flat().map(v => `${key}=${v}`))
    .join(',');
}

/**
 * The first load of the catalog index page (`/catalog`, cursor pagination, 20 rows, kind
 * Component) for a user whose token carries `ownershipRefs`, with the "Owned" list (the page's
 * default) or "All" selected. In parallel:
 * - the table's first page (`EntityListProvider`: ordered by name, `totalItems=exclude`) and its
 *   total (`limit=0`);
 * - the counts next to "Owned" and "All" (`UserListPicker`);
 * - the facets of the pickers: kind, type, lifecycle, tags, namespace (for kind Component) and
 *   owners (`EntityOwnerPicker` in its default owners-only mode).
 */
export function catalogIndexLoad(
  view: 'owned' | 'all',
  ownershipRefs: string[],
): PageRequests {
  const kind = { kind: 'component' };
  const owned = { ...kind, 'relations.ownedBy': ownershipRefs };
  const table = catalogFilter(view === 'owned' ? owned : kind);
  const order: [string, string] = ['orderField', 'metadata.name,asc'];
  const byQuery = (params: Array<[string, string]>) =>
    `/api/catalog/entities/by-query?${query(params)}`;
  const facet = (name: string, filter?: string) =>
    `/api/catalog/entity-facets?${query([
      ['facet', name],
      ...(filter ? [['filter', filter] as [string, string]] : []),
    ])}`;
  return {
    'table first page': byQuery([
      ['filter', table],
      ['limit', '20'],
      order,
      ['totalItems', 'exclude'],
    ]),
    'table total': byQuery([['filter', table], ['limit', '0'], order]),
    'count owned': byQuery([
      ['filter', catalogFilter(owned)],
      ['limit', '0'],
    ]),
    'count all': byQuery([
      ['filter', catalogFilter(kind)],
      ['limit', '0'],
    ]),
    'facet kind': facet('kind'),
    'facet spec.type': facet('spec.type', catalogFilter(kind)),
    'facet spec.lifecycle': facet('spec.lifecycle', catalogFilter(kind)),
    'facet metadata.tags': facet('metadata.tags', catalogFilter(kind)),
    'facet metadata.namespace': facet(
      'metadata.namespace',
      catalogFilter(kind),
    ),
    'facet relations.ownedBy': facet('relations.ownedBy'),
  };
}

/** The requests of `load` that make the table (its rows and its total), for the goal. */
export const TABLE_REQUESTS = ['table first page', 'table total'];
