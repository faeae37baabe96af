import type { GoldenSignalsUnit, MetricsSeries } from '../../api';

/** The units a chart formats: the backend's, plus plain replica counts. @public */
export type ChartUnit = GoldenSignalsUnit | 'replicas';

/**
 * A value in its unit as people read it: `12.3 req/s`, `0.52 %` (ratios as percent), `84 ms`
 * (`1.25 s` from a second up).
 * @public
 */
export function formatMetricValue(
  value: number | null | undefined,
  unit: ChartUnit,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  switch (unit) {
    case 'req/s':
      return `${trimmed(
        value,
        value !== 0 && Math.abs(value) < 10 ? 2 : 1,
      )} req/s`;
    case 'ratio': {
      const percent = value * 100;
      return `${trimmed(
        percent,
        percent !== 0 && Math.abs(percent) < 1 ? 2 : 1,
      )} %`;
    }
    case 'ms':
      return Math.abs(value) >= 1000
        ? `${trimmed(value / 1000, 2)} s`
        : `${trimmed(value, Math.abs(value) < 10 ? 1 : 0)} ms`;
    case 'replicas':
      return `${trimmed(value, 1)} replicas`;
    default:
      return String(value);
  }
}

function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** Clock time of a sample, `HH:MM` in the viewer's time zone. @public */
export function formatSampleTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${hh}:${mm}`;
}

/** One row of the chart's data: the sample time and one column per series (`s0`, `s1`, …). */
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Joins series sampled on the same step into rows by timestamp. Columns are named by index,
 * not by key, because route names contain dots that the chart would read as property paths.
 */
export function toChartRows(series: MetricsSeries[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  series.forEach((line, index) => {
    for (const [t, value] of line.points) {
      const row = rows.get(t) ?? ({ t } as ChartRow);
      row[`s${index}`] = value;
      rows.set(t, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** True when no series has a single sample with a value. */
export function hasSamples(series: MetricsSeries[]): boolean {
  return series.some(line => line.points.some(([, value]) => value !== null));
}
