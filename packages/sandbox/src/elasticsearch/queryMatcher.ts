import { containsPhrase, standardTokens } from './analysis';
import { DateParseError, parseDateMath, storedDate } from './dateMath';
import { parsingException, ShardFailure } from './EsApiError';
import { EsFieldMapping, EsIndexTemplate, fieldMapping } from './mapping';

/** A log document as stored: the `_source` Elasticsearch returns. */
export type EsDocument = Record<string, unknown>;

type Predicate = (doc: EsDocument) => boolean;

/** What a query is compiled against: the mapping of one index and the time `now` means. */
export interface QueryContext {
  /** The index's template; undefined: ES's default dynamic mapping. */
  template?: EsIndexTemplate;
  /** Epoch milliseconds of `now` in date math. Default: the clock. */
  now?: number;
}

/**
 * The value of a field in a document: nested objects (`{kubernetes:{pod_name}}`) and flattened
 * keys (`"kubernetes.pod_name"`) both resolve, as in Elasticsearch's mapping. Sub-fields such as
 * `.keyword` are not documents' values: {@link indexedField} resolves those with the mapping.
 */
export function fieldValue(doc: EsDocument, field: string): unknown {
  return lookup(doc, field);
}

function lookup(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const found = value
      .map(item => lookup(item, path))
      .filter(v => v !== undefined);
    return found.length === 0 ? undefined : found.flat();
  }
  const record = value as Record<string, unknown>;
  if (path in record) return record[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (head in record) return lookup(record[head], parts.slice(i).join('.'));
  }
  return undefined;
}

function flatValues(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value.flat(Infinity) : [value]).filter(
    v => v !== null && v !== undefined && typeof v !== 'object',
  );
}

/** A field as the index has it: its mapping and the values it indexed for the document. */
export interface IndexedField {
  mapping: EsFieldMapping;
  values: unknown[];
}

function indexedValues(mapping: EsFieldMapping, values: unknown[]): unknown[] {
  if (mapping.type !== 'keyword' || mapping.ignore_above === undefined)
    return values;
  // A keyword longer than ignore_above is kept in _source but not indexed.
  return values.filter(v => String(v).length <= mapping.ignore_above!);
}

/**
 * The field `path` of a document as an index with `template` (undefined: dynamic mapping)
 * indexed it: the field itself, or a multi-field of its parent (`level.keyword` exists only
 * where the mapping gave `level` a `keyword` sub-field). Undefined when the index has no such
 * field or the document no value for it.
 */
export function indexedField(
  doc: EsDocument,
  path: string,
  template: EsIndexTemplate | undefined,
): IndexedField | undefined {
  const direct = flatValues(lookup(doc, path));
  if (direct.length > 0) {
    const mapping = fieldMapping(path, direct[0], template);
    if (!mapping) return undefined;
    return { mapping, values: indexedValues(mapping, direct) };
  }
  const dot = path.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const parentPath = path.slice(0, dot);
  const parentValues = flatValues(lookup(doc, parentPath));
  if (parentValues.length === 0) return undefined;
  const parent = fieldMapping(parentPath, parentValues[0], template);
  const sub = parent?.fields?.[path.slice(dot + 1)];
  if (!sub) return undefined;
  return { mapping: sub, values: indexedValues(sub, parentValues) };
}

const NUMERIC_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'float',
  'double',
  'half_float',
  'scaled_float',
]);

/** The value a `term` / `match` query value stands for on a numeric field, or a shard failure. */
function numericQueryValue(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (
    typeof value === 'boolean' ||
    String(value).trim() === '' ||
    Number.isNaN(n)
  ) {
    throw new ShardFailure(
      'query_shard_exception',
      `failed to create query: For input string: "${String(value)}"`,
      {
        type: 'number_format_exception',
        reason: `For input string: "${String(value)}"`,
      },
    );
  }
  return n;
}

function dateFailure(error: unknown): never {
  if (error instanceof DateParseError) {
    throw new ShardFailure(
      'parse_exception',
      `${error.message}: [${error.message}]`,
      { type: 'illegal_argument_exception', reason: error.message },
    );
  }
  throw error;
}

function queryDate(value: unknown, roundUp: boolean, context: QueryContext) {
  try {
    return parseDateMath(value, { roundUp, now: context.now ?? Date.now() });
  } catch (error) {
    return dateFailure(error);
  }
}

/** Whether one indexed value equals a term (no analysis of the term, as ES's `term`). */
function termMatcher(
  mapping: EsFieldMapping,
  expected: unknown,
  caseInsensitive: boolean,
  context: QueryContext,
): (value: unknown) => boolean {
  if (NUMERIC_TYPES.has(mapping.type)) {
    const n = numericQueryValue(expected);
    return v => Number(v) === n;
  }
  if (mapping.type === 'date') {
    const at = queryDate(expected, false, context);
    return v => storedDate(v) === at;
  }
  if (mapping.type === 'boolean') {
    return v => String(v) === String(expected);
  }
  const term = caseInsensitive
    ? String(expected).toLowerCase()
    : String(expected);
  if (mapping.type === 'text') {
    // The term meets the analyzed tokens (lowercase words), not the original value.
    return v => standardTokens(String(v)).includes(term);
  }
  return v => (caseInsensitive ? String(v).toLowerCase() : String(v)) === term;
}

/** A query on one field, evaluated with the field's mapping in the document's index. */
function fieldQuery(
  field: string,
  context: QueryContext,
  build: (mapping: EsFieldMapping) => (value: unknown) => boolean,
): Predicate {
  // Compiled per mapping so that a shard failure (a bad number or date) surfaces once per index.
  const cache = new Map<EsFieldMapping, (value: unknown) => boolean>();
  return doc => {
    const indexed = indexedField(doc, field, context.template);
    if (!indexed) return false;
    let check = cache.get(indexed.mapping);
    if (!check) {
      check = build(indexed.mapping);
      cache.set(indexed.mapping, check);
    }
    return indexed.values.some(check);
  };
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
  if (entries.length === 0) {
    throw parsingException(`[${kind}] query malformed, no field`);
  }
  if (entries.length > 1) {
    throw parsingException(
      `[${kind}] query doesn't support multiple fields, found [${entries[0][0]}] and [${entries[1][0]}]`,
    );
  }
  return entries[0] as [string, unknown];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function rangeQuery(
  field: string,
  spec: unknown,
  context: QueryContext,
): Predicate {
  if (!isObject(spec)) throw parsingException('[range] query malformed');
  const bounds = (['gte', 'gt', 'lte', 'lt'] as const).filter(
    k => spec[k] !== undefined && spec[k] !== null,
  );
  const timeZone =
    typeof spec.time_zone === 'string' ? spec.time_zone : undefined;
  return fieldQuery(field, context, mapping => {
    if (mapping.type === 'date') {
      const limits = bounds.map(k => {
        let at: number;
        try {
          at = parseDateMath(spec[k], {
            roundUp: k === 'gt' || k === 'lte',
            now: context.now ?? Date.now(),
            timeZone,
          });
        } catch (error) {
          dateFailure(error);
        }
        return [k, at] as const;
      });
      return v => {
        const t = storedDate(v);
        return !Number.isNaN(t) && limits.every(([k, at]) => compare(k, t, at));
      };
    }
    if (NUMERIC_TYPES.has(mapping.type)) {
      const limits = bounds.map(k => [k, numericQueryValue(spec[k])] as const);
      return v => limits.every(([k, at]) => compare(k, Number(v), at));
    }
    // keyword: byte order of the whole value; text: of any token.
    const limits = bounds.map(k => [k, String(spec[k])] as const);
    const inRange = (s: string) => limits.every(([k, at]) => compare(k, s, at));
    if (mapping.type === 'text') {
      return v => standardTokens(String(v)).some(inRange);
    }
    return v => inRange(String(v));
  });
}

function compare<T>(op: 'gte' | 'gt' | 'lte' | 'lt', value: T, bound: T) {
  switch (op) {
    case 'gte':
      return value >= bound;
    case 'gt':
      return value > bound;
    case 'lte':
      return value <= bound;
    default:
      return value < bound;
  }
}

/** `match` / `match_phrase`: the query text analyzed as the field is. */
function matchQuery(
  kind: 'match' | 'match_phrase',
  field: string,
  spec: unknown,
  context: QueryContext,
): Predicate {
  const text = isObject(spec) ? spec.query : spec;
  if (text === undefined || isObject(text)) {
    throw parsingException(`[${kind}] requires query value`);
  }
  const operator =
    isObject(spec) && String(spec.operator ?? 'or').toLowerCase() === 'and'
      ? 'and'
      : 'or';
  return fieldQuery(field, context, mapping => {
    if (mapping.type !== 'text') {
      // keyword, numbers, dates: the whole value is the one term.
      return termMatcher(mapping, text, false, context);
    }
    const query = standardTokens(String(text));
    if (kind === 'match_phrase')
      return v => containsPhrase(standardTokens(String(v)), query);
    return v => {
      const tokens = new Set(standardTokens(String(v)));
      return operator === 'and'
        ? query.length > 0 && query.every(t => tokens.has(t))
        : query.some(t => tokens.has(t));
    };
  });
}

const LEAF_QUERIES = new Set([
  'term',
  'terms',
  'match',
  'match_phrase',
  'range',
]);

function leaf(kind: string, body: unknown, context: QueryContext): Predicate {
  if (!LEAF_QUERIES.has(kind)) {
    throw parsingException(`unknown query [${kind}]`, {
      type: 'named_object_not_found_exception',
      reason: `[1:1] unknown field [${kind}]`,
    });
  }
  if (kind === 'terms') {
    if (!isObject(body)) throw parsingException('[terms] query malformed');
    const entries = Object.entries(body).filter(
      ([k]) => k !== 'boost' && k !== '_name',
    );
    const [field, spec] = entries[0] ?? [];
    if (field === undefined || !Array.isArray(spec)) {
      throw parsingException(`[terms] query does not support [${field}]`);
    }
    if (entries.length > 1) {
      throw parsingException(`[terms] query does not support multiple fields`);
    }
    return fieldQuery(field, context, mapping => {
      const checks = spec.map(e => termMatcher(mapping, e, false, context));
      return v => checks.some(check => check(v));
    });
  }
  const [field, spec] = singleField(kind, body);
  switch (kind) {
    case 'term': {
      const expected = isObject(spec) ? spec.value : spec;
      if (expected === undefined || expected === null || isObject(expected)) {
        throw parsingException(`[term] query malformed, no value`);
      }
      const caseInsensitive = isObject(spec) && spec.case_insensitive === true;
      return fieldQuery(field, context, mapping =>
        termMatcher(mapping, expected, caseInsensitive, context),
      );
    }
    case 'match':
    case 'match_phrase':
      return matchQuery(kind, field, spec, context);
    default:
      return rangeQuery(field, spec, context);
  }
}

function clauses(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * `minimum_should_match` as ES reads it: `2`, `-1` (all but one), `75%` (rounded down),
 * `-25%`; never more than the number of should clauses unless the value asks for it.
 */
export function minimumShouldMatch(spec: unknown, optional: number): number {
  const text = String(spec).trim();
  const m = /^(-?)(\d+)(%?)$/.exec(text);
  if (!m) throw parsingException(`Invalid minimum_should_match [${text}]`);
  const n = Number(m[2]);
  const part = m[3] ? Math.floor((optional * n) / 100) : n;
  const result = m[1] ? optional - part : part;
  return Math.max(0, result);
}

function bool(body: Record<string, unknown>, context: QueryContext): Predicate {
  for (const key of Object.keys(body)) {
    if (
      ![
        'must',
        'filter',
        'should',
        'must_not',
        'minimum_should_match',
        'boost',
        '_name',
      ].includes(key)
    ) {
      throw parsingException(`[bool] query does not support [${key}]`);
    }
  }
  const compile = (q: unknown) => compileQuery(q, context);
  const must = [...clauses(body.must), ...clauses(body.filter)].map(compile);
  const mustNot = clauses(body.must_not).map(compile);
  const should = clauses(body.should).map(compile);
  // ES default: with a must/filter clause the should clauses are optional, otherwise one must match.
  let minimum = must.length > 0 ? 0 : Math.min(1, should.length);
  if (body.minimum_should_match !== undefined) {
    minimum = minimumShouldMatch(body.minimum_should_match, should.length);
  }
  if (minimum > should.length) return () => false;
  return doc =>
    must.every(p => p(doc)) &&
    !mustNot.some(p => p(doc)) &&
    (minimum === 0 || should.filter(p => p(doc)).length >= minimum);
}

/**
 * Compiles the query DSL subset the portal and Kibana send (`bool` with `filter` / `must` /
 * `should` / `must_not` / `minimum_should_match`, `term`, `terms`, `range`, `match`,
 * `match_phrase`, `exists`, `match_all`, `match_none`) into a predicate over the documents of
 * one index. The field types come from the index's mapping (`context.template`, else ES's
 * dynamic mapping): `keyword` fields match whole values, `text` fields analyzed tokens, dates
 * and numbers by value. Anything else is the 400 `parsing_exception` ES answers.
 */
export function compileQuery(
  query: unknown,
  context: QueryContext = {},
): Predicate {
  if (query === undefined) return () => true;
  if (!isObject(query)) {
    throw parsingException('query malformed, must start with start_object');
  }
  const entries = Object.entries(query);
  if (entries.length === 0) {
    throw parsingException('query malformed, empty clause found');
  }
  if (entries.length > 1) {
    throw parsingException(
      `[${entries[0][0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`,
    );
  }
  const [kind, body] = entries[0];
  if (kind === 'match_all') return () => true;
  if (kind === 'match_none') return () => false;
  if (kind === 'bool') {
    if (body !== undefined && !isObject(body))
      throw parsingException('[bool] query malformed');
    return bool(body ?? {}, context);
  }
  if (kind === 'exists') {
    const field = isObject(body) ? body.field : undefined;
    if (typeof field !== 'string')
      throw parsingException('[exists] must be provided with a [field]');
    return doc => indexedField(doc, field, context.template) !== undefined;
  }
  return leaf(kind, body, context);
}
