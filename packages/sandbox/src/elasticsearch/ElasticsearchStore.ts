import { storedDate } from './dateMath';
import {
  allShardsFailed,
  indexNotFound,
  parsingException,
  ShardFailure,
} from './EsApiError';
import {
  EsIndexTemplate,
  FLUENTD_LOG_INDEX_TEMPLATE,
  NamedIndexTemplate,
  templateForIndex,
  wildcardMatches,
} from './mapping';
import { compileQuery, EsDocument, indexedField } from './queryMatcher';

/** A stored document with its index and id, as a search hit names it. */
export interface EsHit {
  _index: string;
  _id: string;
  _source: EsDocument;
}

/** How an index expression resolves, as the `ignore_unavailable` / `allow_no_indices` parameters say. */
export interface IndicesOptions {
  /** Skip concrete names that do not exist instead of answering 404. Default false. */
  ignoreUnavailable?: boolean;
  /** A wildcard (or the whole expression) may match no index. Default true. */
  allowNoIndices?: boolean;
}

/** What `_search` accepts from the body (the rest is refused, see the router). */
export interface EsSearchRequest extends IndicesOptions {
  query?: unknown;
  size?: number;
  from?: number;
  sort?: unknown;
}

/** `_shards` of a response: one shard per index, as a single node with default settings has. */
export interface EsShards {
  total: number;
  successful: number;
  skipped: number;
  failed: number;
  failures?: Array<Record<string, unknown>>;
}

/** Options of {@link ElasticsearchStore}. */
export interface ElasticsearchStoreOptions {
  /**
   * Index templates giving indices their mapping. Default: the Fluentd template for `logs-*`
   * ({@link FLUENTD_LOG_INDEX_TEMPLATE}); other indices get ES's dynamic mapping.
   */
  templates?: NamedIndexTemplate[];
  /** What `now` is in date math, epoch milliseconds. Default the clock. */
  now?: () => number;
}

interface SortKey {
  field: string;
  order: 'asc' | 'desc';
}

function parseSort(sort: unknown): SortKey[] {
  if (sort === undefined || sort === null) return [];
  const items = Array.isArray(sort) ? sort : [sort];
  return items.map(item => {
    if (typeof item === 'string') {
      return { field: item, order: item === '_score' ? 'desc' : 'asc' };
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw parsingException('[sort] malformed');
    }
    const [field, spec] = Object.entries(item)[0] ?? [];
    if (!field) throw parsingException('[sort] malformed');
    const order =
      typeof spec === 'string'
        ? spec
        : (spec as { order?: unknown } | undefined)?.order ??
          (field === '_score' ? 'desc' : 'asc');
    if (order !== 'asc' && order !== 'desc') {
      throw parsingException(`[sort] unknown order [${String(order)}]`);
    }
    return { field, order };
  });
}

/**
 * In-memory indices of log documents. Index expressions work as in Elasticsearch: comma
 * separated names, `*` wildcards and `-` exclusions; a wildcard that matches nothing is an empty
 * result, a missing concrete name is `index_not_found_exception`. Each index has the mapping
 * its template (or ES's dynamic mapping) gives it, which decides how queries match.
 */
export class ElasticsearchStore {
  private readonly indices = new Map<string, EsHit[]>();
  private readonly templates: NamedIndexTemplate[];
  private readonly now: () => number;
  private nextId = 1;

  constructor(options: ElasticsearchStoreOptions = {}) {
    this.templates = [...(options.templates ?? [FLUENTD_LOG_INDEX_TEMPLATE])];
    this.now = options.now ?? (() => Date.now());
  }

  /** Adds or replaces an index template (applies to every index it matches). */
  putIndexTemplate(template: NamedIndexTemplate): void {
    const at = this.templates.findIndex(t => t.name === template.name);
    if (at >= 0) this.templates.splice(at, 1);
    this.templates.push(template);
  }

  /** The template an index's mapping comes from; undefined: dynamic mapping. */
  templateOf(index: string): EsIndexTemplate | undefined {
    return templateForIndex(index, this.templates);
  }

  /** Adds one document to an index (created on first use); returns its id. */
  add(index: string, source: EsDocument): string {
    const id = `sandbox-${this.nextId++}`;
    const hits = this.indices.get(index) ?? [];
    hits.push({ _index: index, _id: id, _source: source });
    this.indices.set(index, hits);
    return id;
  }

  /** The index names, sorted. */
  indexNames(): string[] {
    return [...this.indices.keys()].sort();
  }

  /** Resolves an index expression (`logs-*`, `a,b`, `_all`, `logs-*,-logs-kong-*`) to index names. */
  resolve(expression: string, options: IndicesOptions = {}): string[] {
    const allowNoIndices = options.allowNoIndices ?? true;
    const found = new Set<string>();
    for (const raw of expression.split(',').map(p => p.trim())) {
      if (raw.startsWith('-') && found.size > 0) {
        const pattern = raw.slice(1);
        [...found]
          .filter(name => wildcardMatches(pattern, name))
          .forEach(name => found.delete(name));
        continue;
      }
      const part = raw === '_all' ? '*' : raw;
      if (part.includes('*')) {
        const names = this.indexNames().filter(name =>
          wildcardMatches(part, name),
        );
        if (names.length === 0 && !allowNoIndices) throw indexNotFound(raw);
        names.forEach(name => found.add(name));
      } else if (this.indices.has(part)) {
        found.add(part);
      } else if (!options.ignoreUnavailable) {
        throw indexNotFound(part);
      }
    }
    if (found.size === 0 && !allowNoIndices) throw indexNotFound(expression);
    return [...found].sort();
  }

  /**
   * The matching documents of the expression's indices, in index order, and the shards: a query
   * that cannot run against an index's mapping (a bad date or number) fails that index's shard;
   * when every shard fails the whole request is ES's 400 `search_phase_execution_exception`.
   */
  matching(
    expression: string,
    query: unknown,
    options: IndicesOptions = {},
  ): { hits: EsHit[]; shards: EsShards } {
    const now = this.now();
    // Parse errors are the coordinating node's 400, whether or not any index matches.
    compileQuery(query, { now });
    const names = this.resolve(expression, options);
    const hits: EsHit[] = [];
    const failures: Array<{ index: string; failure: ShardFailure }> = [];
    for (const index of names) {
      const predicate = compileQuery(query, {
        template: this.templateOf(index),
        now,
      });
      try {
        hits.push(
          ...(this.indices.get(index) ?? []).filter(hit =>
            predicate(hit._source),
          ),
        );
      } catch (error) {
        if (!(error instanceof ShardFailure)) throw error;
        failures.push({ index, failure: error });
      }
    }
    if (failures.length > 0 && failures.length === names.length) {
      throw allShardsFailed(failures);
    }
    const shards: EsShards = {
      total: names.length,
      successful: names.length - failures.length,
      skipped: 0,
      failed: failures.length,
    };
    if (failures.length > 0) {
      shards.failures = failures.map(({ index, failure }) => ({
        shard: 0,
        index,
        node: 'sandbox-es-0',
        reason: { type: failure.type, reason: failure.reason },
      }));
    }
    return { hits, shards };
  }

  /** `_count`: how many documents match. */
  count(
    expression: string,
    query: unknown,
    options: IndicesOptions = {},
  ): { count: number; shards: EsShards } {
    const { hits, shards } = this.matching(expression, query, options);
    return { count: hits.length, shards };
  }

  /** The value a hit sorts by on `field` (dates as epoch milliseconds), undefined if none. */
  private sortValue(hit: EsHit, field: string): number | string | undefined {
    const indexed = indexedField(
      hit._source,
      field,
      this.templateOf(hit._index),
    );
    const value = indexed?.values[0];
    if (value === undefined) return undefined;
    if (indexed!.mapping.type === 'date') return storedDate(value);
    if (typeof value === 'number') return value;
    return String(value);
  }

  /**
   * `_search`: a page of matching documents. With `sort` (`[{ "@timestamp": "desc" }]`,
   * `"field"`, `{ field: { order } }`) hits carry their `sort` values and documents without
   * the field come last; without it they come in index order (the stand-in scores nothing).
   */
  search(expression: string, request: EsSearchRequest) {
    const { hits: matched, shards } = this.matching(
      expression,
      request.query,
      request,
    );
    const keys = parseSort(request.sort).filter(k => k.field !== '_score');
    const sorted = matched.map(hit => ({
      hit,
      sort: keys.map(k => this.sortValue(hit, k.field)),
    }));
    if (keys.length > 0) {
      sorted.sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const x = a.sort[i];
          const y = b.sort[i];
          if (x === y) continue;
          if (x === undefined) return 1;
          if (y === undefined) return -1;
          const order = x < y ? -1 : 1;
          return keys[i].order === 'asc' ? order : -order;
        }
        return 0;
      });
    }
    const from = request.from ?? 0;
    const size = request.size ?? 10;
    return {
      total: matched.length,
      hits: sorted.slice(from, from + size),
      sorted: keys.length > 0,
      shards,
    };
  }
}
