import { LogFieldMapping, LogTarget } from '@internal/plugin-logs-common';

/** An Elasticsearch query DSL object. @public */
export type EsQuery = Record<string, unknown>;

/** Input of {@link buildErrorCountQuery}. @public */
export interface ErrorCountQueryInput {
  fields: LogFieldMapping;
  target: LogTarget;
  from: Date;
  to: Date;
  /** Appended to the field names of term queries (e.g. `.keyword`). */
  keywordSuffix?: string;
}

/**
 * The Elasticsearch query counting the service's error lines in a window: the same selection as
 * the Logs card's "errors only" Kibana link (namespace, app label, an error level or an HTTP
 * status at or above `errorStatusFrom`), plus the `@timestamp` range. Values travel as JSON
 * values of `term` / `terms` queries, so nothing in them is parsed as query syntax.
 * @public
 */
export function buildErrorCountQuery(input: ErrorCountQueryInput): EsQuery {
  const { fields, target, from, to } = input;
  const kw = (field: string) => `${field}${input.keywordSuffix ?? ''}`;
  const errorConditions: EsQuery[] = [
    { terms: { [kw(fields.level)]: [...fields.errorLevels] } },
  ];
  if (fields.httpStatus) {
    errorConditions.push({
      range: { [fields.httpStatus]: { gte: fields.errorStatusFrom } },
    });
  }
  return {
    bool: {
      filter: [
        { term: { [kw(fields.namespace)]: target.namespace } },
        { term: { [kw(fields.app)]: target.app } },
        {
          range: {
            '@timestamp': {
              gte: from.toISOString(),
              lte: to.toISOString(),
              format: 'strict_date_optional_time',
            },
          },
        },
        { bool: { should: errorConditions, minimum_should_match: 1 } },
      ],
    },
  };
}
