import { MetricsSeries, MetricsWindow } from '@internal/plugin-metrics-common';
import { PrometheusSeries } from './PrometheusClient';

/** A Prometheus sample value as a number; NaN and ±Inf (e.g. 0/0 ratios) become null. @public */
export function sampleValue(value: unknown): number | null {
  const n =
    typeof value === 'string' || typeof value === 'number'
      ? Number(value)
      : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * One point per step of the window, `null` where Prometheus returned no sample, so every series
 * of a chart shares the same x values.
 * @public
 */
export function alignPoints(
  values: PrometheusSeries['values'],
  window: MetricsWindow,
): MetricsSeries['points'] {
  const byTime = new Map<number, number | null>();
  for (const [time, value] of values) {
    byTime.set(Math.round(Number(time)), sampleValue(value));
  }
  const points: MetricsSeries['points'] = [];
  for (let t = window.start; t <= window.end; t += window.stepSeconds) {
    points.push([t, byTime.get(t) ?? null]);
  }
  return points;
}

/**
 * Range-query series keyed by one label (`route`, `destination_version`), sorted by key.
 * A missing label becomes `(none)`.
 * @public
 */
export function seriesByLabel(
  result: PrometheusSeries[],
  label: string,
  window: MetricsWindow,
): MetricsSeries[] {
  return result
    .map(series => ({
      key: series.metric[label] || '(none)',
      points: alignPoints(series.values, window),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
