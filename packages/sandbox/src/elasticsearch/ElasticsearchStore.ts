import { indexNotFound } from './EsApiError';
import { compileQuery, EsDocument, fieldValue } from './queryMatcher';

/** A stored document with its index and id, as a search hit names it. */
export interface EsHit {
  _index: string;
  _id: string;
  _source: EsDocument;
}

/** What `_search` accepts from the body (the rest is ignored, as a test double may). */
export interface EsSearchRequest {
  query?: unknown;
  size?: number;
  from?: number;
  sort?: unknown;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function timestampOf(doc: EsDocument): number {
  return Date.parse(String(fieldValue(doc, '@timestamp') ?? '')) || 0;
}

/**
 * In-memory indices of log documents. Index expressions work as in Elasticsearch: comma
 * separated names and `*` wildcards; a wildcard that matches nothing is an empty result, a
 * missing concrete name is `index_not_found_exception`.
 */
export class ElasticsearchStore {
  private readonly indices = new Map<string, EsHit[]>();
  private nextId = 1;

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

  /** Resolves an index expression (`logs-*`, `a,b`, `_all`) to existing index names. */
  resolve(expression: string): string[] {
    const found = new Set<string>();
    for (const part of expression.split(',').map(p => p.trim())) {
      if (part === '_all' || part === '*') {
        this.indexNames().forEach(name => found.add(name));
      } else if (part.includes('*')) {
        const re = wildcardToRegExp(part);
        this.indexNames()
          .filter(name => re.test(name))
          .forEach(name => found.add(name));
      } else if (this.indices.has(part)) {
        found.add(part);
      } else {
        throw indexNotFound(part);
      }
    }
    return [...found].sort();
  }

  /** The documents of the expression's indices that match the query, newest first. */
  matching(expression: string, query: unknown): EsHit[] {
    const predicate = compileQuery(query);
    return this.resolve(expression)
      .flatMap(name => this.indices.get(name) ?? [])
      .filter(hit => predicate(hit._source))
      .sort((a, b) => timestampOf(b._source) - timestampOf(a._source));
  }

  /** `_count`: how many documents match. */
  count(expression: string, query: unknown): { count: number; shards: number } {
    return {
      count: this.matching(expression, query).length,
      shards: this.resolve(expression).length,
    };
  }

  /** `_search`: a page of matching documents (newest first unless sorted ascending by time). */
  search(expression: string, request: EsSearchRequest) {
    let hits = this.matching(expression, request.query);
    if (JSON.stringify(request.sort ?? '').includes('"asc"'))
      hits = [...hits].reverse();
    const from = request.from ?? 0;
    const size = request.size ?? 10;
    return {
      total: hits.length,
      hits: hits.slice(from, from + size),
      shards: this.resolve(expression).length,
    };
  }
}
