import { parsingException } from './EsApiError';

/** A log document as stored: the `_source` Elasticsearch returns. */
export type EsDocument = Record<string, unknown>;

type Predicate = (doc: EsDocument) => boolean;

/**
 * The value of a field in a document: nested objects (`{kubernetes:{pod_name}}`) and flattened
 * keys (`"kubernetes.pod_name"`) both resolve, as in Elasticsearch's mapping. A `.keyword`
 * sub-field reads its parent (dynamic mapping gives text fields a keyword twin).
 */
export function fieldValue(doc: EsDocument, field: string): unknown {
  const direct = lookup(doc, field);
  if (direct !== undefined || !field.endsWith('.keyword')) return direct;
  return lookup(doc, field.slice(0, -'.keyword'.length));
}

function lookup(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (path in record) return record[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (head in record) return lookup(record[head], parts.slice(i).join('.'));
  }
  return undefined;
}

function values(doc: EsDocument, field: string): unknown[] {
  const value = fieldValue(doc, field);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number')
    return Number(a) === Number(b);
  return String(a) === String(b);
}

function comparable(value: unknown, isDate: boolean): number {
  if (isDate)
    return typeof value === 'number' ? value : Date.parse(String(value));
  return Number(value);
}

/** The single `{ field: spec }` entry of a leaf query. */
function singleField(kind: string, body: unknown): [string, unknown] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw parsingException(
      `[${kind}] query malformed, no start_object after query name`,
    );
  }
  const entries = Object.entries(body).filter(
    ([k]) => k !== 'boost' && k !== '_name',
  );
  if (entries.length !== 1) {
    throw parsingException(`[${kind}] query doesn't support multiple fields`);
  }
  return entries[0] as [string, unknown];
}

function leaf(kind: string, body: unknown): Predicate {
  const [field, spec] = singleField(kind, body);
  const objectSpec = spec && typeof spec === 'object' && !Array.isArray(spec);
  switch (kind) {
    case 'term': {
      const expected = objectSpec ? (spec as { value: unknown }).value : spec;
      return doc => values(doc, field).some(v => same(v, expected));
    }
    case 'terms': {
      if (!Array.isArray(spec))
        throw parsingException('[terms] query requires an array of values');
      return doc => values(doc, field).some(v => spec.some(e => same(v, e)));
    }
    case 'match_phrase': {
      const phrase = String(
        objectSpec ? (spec as { query: unknown }).query : spec,
      );
      const needle = phrase.toLowerCase();
      return doc =>
        values(doc, field).some(v => String(v).toLowerCase().includes(needle));
    }
    case 'range': {
      if (!objectSpec) throw parsingException('[range] query malformed');
      const bounds = spec as Record<string, unknown>;
      const isDate =
        field === '@timestamp' ||
        typeof bounds.format === 'string' ||
        ['gte', 'gt', 'lte', 'lt'].some(
          k => typeof bounds[k] === 'string' && Number.isNaN(Number(bounds[k])),
        );
      const check = (v: unknown) => {
        const n = comparable(v, isDate);
        if (Number.isNaN(n)) return false;
        const b = (k: string) => comparable(bounds[k], isDate);
        return (
          (bounds.gte === undefined || n >= b('gte')) &&
          (bounds.gt === undefined || n > b('gt')) &&
          (bounds.lte === undefined || n <= b('lte')) &&
          (bounds.lt === undefined || n < b('lt'))
        );
      };
      return doc => values(doc, field).some(check);
    }
    default:
      throw parsingException(`unknown query [${kind}]`);
  }
}

function clauses(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function bool(body: Record<string, unknown>): Predicate {
  const must = [...clauses(body.must), ...clauses(body.filter)].map(
    compileQuery,
  );
  const mustNot = clauses(body.must_not).map(compileQuery);
  const should = clauses(body.should).map(compileQuery);
  // ES default: with a must/filter clause the should clauses are optional, otherwise one must match.
  let minimum = must.length > 0 ? 0 : Math.min(1, should.length);
  if (body.minimum_should_match !== undefined) {
    minimum = Number(body.minimum_should_match);
  }
  return doc =>
    must.every(p => p(doc)) &&
    !mustNot.some(p => p(doc)) &&
    should.filter(p => p(doc)).length >= minimum;
}

/**
 * Compiles the query DSL subset the portal sends (`bool` with `filter` / `must` / `should` /
 * `must_not` / `minimum_should_match`, `term`, `terms`, `range`, `match_phrase`, `exists`,
 * `match_all`) into a predicate. Anything else is the 400 `parsing_exception` ES answers.
 */
export function compileQuery(query: unknown): Predicate {
  if (query === undefined) return () => true;
  if (!query || typeof query !== 'object' || Array.isArray(query)) {
    throw parsingException('query malformed, must start with start_object');
  }
  const entries = Object.entries(query);
  if (entries.length !== 1) {
    throw parsingException('[_na] query malformed, no end_object');
  }
  const [kind, body] = entries[0];
  if (kind === 'match_all') return () => true;
  if (kind === 'bool') return bool((body ?? {}) as Record<string, unknown>);
  if (kind === 'exists') {
    const field = (body as { field?: unknown })?.field;
    if (typeof field !== 'string')
      throw parsingException('[exists] must be provided with a [field]');
    return doc => values(doc, field).length > 0;
  }
  return leaf(kind, body);
}
