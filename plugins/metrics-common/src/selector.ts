import { assertLabelName, assertMetricName, quotePromQLString } from './escape';

/** A PromQL label matcher operator. @public */
export type LabelMatchOperator = '=' | '!=' | '=~' | '!~';

/**
 * One label matcher. For `=~`/`!~` the value is an RE2 pattern: build its literal parts with
 * `escapeRegex`. Either way the value is escaped as a string literal here.
 * @public
 */
export interface LabelMatcher {
  op: LabelMatchOperator;
  value: string;
}

/** Label name → exact value (`=`) or a {@link LabelMatcher}. @public */
export type LabelMatchers = Record<string, string | LabelMatcher>;

/**
 * Builds `metric{label="value",...}` (or `{...}` without a metric name) from a label map, in
 * the map's order. Names are validated, values escaped; nothing is concatenated raw.
 * @public
 */
export function buildSelector(
  metric: string | undefined,
  matchers: LabelMatchers,
): string {
  const parts = Object.entries(matchers).map(([name, matcher]) => {
    const { op, value } =
      typeof matcher === 'string'
        ? { op: '=' as const, value: matcher }
        : matcher;
    return `${assertLabelName(name)}${op}${quotePromQLString(value)}`;
  });
  const name = metric === undefined ? '' : assertMetricName(metric);
  return `${name}{${parts.join(',')}}`;
}
