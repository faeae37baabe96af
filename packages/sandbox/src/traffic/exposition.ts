/**
 * The Prometheus text exposition format (version 0.0.4), as far as the sandbox's metrics need it:
 * counters, gauges and histograms with labels. Pure functions, so the escaping and the number
 * formatting are tested on their own.
 */

/** The `Content-Type` of a text exposition response. */
export const EXPOSITION_CONTENT_TYPE =
  'text/plain; version=0.0.4; charset=utf-8';

/** Label names to values, in the order they are written. */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** One line of a family: `<name><suffix>{labels} value`. */
export interface Sample {
  /** Appended to the family name: `''`, `_bucket`, `_sum`, `_count`. */
  suffix?: string;
  labels: Labels;
  value: number;
}

/** A metric family: the `# HELP` and `# TYPE` lines and its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: Sample[];
}

/** Escapes a label value: backslash, double quote and line feed, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value or an `le` boundary: integers without a fraction, `+Inf`, `-Inf`, `NaN`. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="1",b="2"}`, or the empty string for no labels. */
export function formatLabels(labels: Labels): string {
  if (labels.length === 0) return '';
  return `{${labels
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(',')}}`;
}

/** Renders families in the order given, each sample on its own line, ending with a newline. */
export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(
        `${family.name}${sample.suffix ?? ''}${formatLabels(
          sample.labels,
        )} ${formatValue(sample.value)}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
