/**
 * Index mappings as Elasticsearch derives them, so that queries match as they do on a real
 * cluster: a `keyword` field matches whole values only, a `text` field matches analyzed tokens,
 * `.keyword` exists only where the mapping made that sub-field.
 *
 * Two mappings matter for log documents:
 * - an index template (the JSON below is what the harness PUTs to a real cluster), and
 * - ES's default dynamic mapping for indices no template matches: strings become `text` with a
 *   `keyword` sub-field (`ignore_above: 256`), ISO date strings `date`, integers `long`,
 *   fractions `float`.
 */

/** A field mapping, in the subset of ES's JSON the stand-in reads. */
export interface EsFieldMapping {
  type: string;
  ignore_above?: number;
  fields?: Record<string, EsFieldMapping>;
  properties?: Record<string, EsFieldMapping>;
}

/** One entry of `dynamic_templates`. */
export interface EsDynamicTemplate {
  match_mapping_type?: string;
  match?: string;
  path_match?: string;
  mapping: EsFieldMapping;
}

/** The body of `PUT _index_template/<name>`, in the subset of ES's JSON the stand-in reads. */
export interface EsIndexTemplate {
  index_patterns: string[];
  priority?: number;
  template: {
    settings?: Record<string, unknown>;
    mappings?: {
      date_detection?: boolean;
      dynamic_templates?: Array<Record<string, EsDynamicTemplate>>;
      properties?: Record<string, EsFieldMapping>;
    };
  };
}

/** A composable index template with its name. */
export interface NamedIndexTemplate {
  name: string;
  body: EsIndexTemplate;
}

/**
 * The index template of the Fluentd / Kong tcp-log setup for `logs-*` (what fluent-plugin-
 * elasticsearch installs with `template_name` / `template_file`): strings are `keyword` — so the
 * portal's `term` queries on `kubernetes.*`, `level`, `service.name` match whole values — except
 * the log line `log`, which is `text` for phrase search. One shard, no replica (a single node is
 * green). Priority 200 wins over ES 8's built-in `logs-*-*` data stream template (priority 100),
 * which would otherwise turn `logs-kubernetes-2026.11.22` into a data stream.
 */
export const FLUENTD_LOG_INDEX_TEMPLATE: NamedIndexTemplate = {
  name: 'fluentd-logs',
  body: {
    index_patterns: ['logs-*'],
    priority: 200,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        dynamic_templates: [
          {
            log_line_as_text: {
              match_mapping_type: 'string',
              match: 'log',
              mapping: { type: 'text' },
            },
          },
          {
            strings_as_keyword: {
              match_mapping_type: 'string',
              mapping: { type: 'keyword', ignore_above: 1024 },
            },
          },
        ],
        properties: { '@timestamp': { type: 'date' } },
      },
    },
  },
};

/** The mapping ES's dynamic mapping gives a string without a template. */
const DEFAULT_STRING_MAPPING: EsFieldMapping = {
  type: 'text',
  fields: { keyword: { type: 'keyword', ignore_above: 256 } },
};

/** `*` wildcards only, as index patterns and `match` / `path_match` use them. */
export function wildcardMatches(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(value);
}

/** The template with the highest priority whose patterns match the index name, if any. */
export function templateForIndex(
  index: string,
  templates: NamedIndexTemplate[],
): EsIndexTemplate | undefined {
  return templates
    .filter(t => t.body.index_patterns.some(p => wildcardMatches(p, index)))
    .sort((a, b) => (b.body.priority ?? 0) - (a.body.priority ?? 0))[0]?.body;
}

const DETECTED_DATE =
  /^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$|^\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}:\d{2})?( [+-]\d{4})?$/;

/** The `match_mapping_type` ES's dynamic mapping sees for a JSON value. */
function mappingTypeOf(value: unknown, dateDetection: boolean): string {
  if (typeof value === 'string') {
    return dateDetection && DETECTED_DATE.test(value) ? 'date' : 'string';
  }
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'long' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

function explicitMapping(
  properties: Record<string, EsFieldMapping> | undefined,
  path: string,
): EsFieldMapping | undefined {
  if (!properties) return undefined;
  if (properties[path]) return properties[path];
  const parts = path.split('.');
  for (let i = 1; i < parts.length; i++) {
    const head = properties[parts.slice(0, i).join('.')];
    if (head?.properties) {
      const found = explicitMapping(head.properties, parts.slice(i).join('.'));
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The mapping of `path` in an index with `template` (undefined: ES's default dynamic mapping),
 * given a value the field holds; undefined for objects.
 */
export function fieldMapping(
  path: string,
  sample: unknown,
  template: EsIndexTemplate | undefined,
): EsFieldMapping | undefined {
  const mappings = template?.template.mappings;
  const explicit = explicitMapping(mappings?.properties, path);
  if (explicit) return explicit;
  const kind = mappingTypeOf(sample, mappings?.date_detection ?? true);
  if (kind === 'object') return undefined;
  const leafName = path.split('.').pop() ?? path;
  for (const entry of mappings?.dynamic_templates ?? []) {
    const rule = Object.values(entry)[0];
    if (!rule) continue;
    const typeMatches =
      !rule.match_mapping_type ||
      rule.match_mapping_type === '*' ||
      rule.match_mapping_type === kind;
    const nameMatches = !rule.match || wildcardMatches(rule.match, leafName);
    const pathMatches =
      !rule.path_match || wildcardMatches(rule.path_match, path);
    if (typeMatches && nameMatches && pathMatches) return rule.mapping;
  }
  switch (kind) {
    case 'string':
      return DEFAULT_STRING_MAPPING;
    case 'date':
      return { type: 'date' };
    case 'long':
      return { type: 'long' };
    case 'double':
      return { type: 'float' };
    default:
      return { type: 'boolean' };
  }
}
