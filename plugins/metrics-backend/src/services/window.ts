import { InputError } from '@backstage/errors';
import { stepSecondsForRange } from '@internal/plugin-metrics-common';
import { MetricsWindow } from '@internal/plugin-metrics-common';

/** The ranges the Ops tab offers. @public */
export const METRICS_RANGES = ['15m', '1h', '6h', '24h'] as const;

/** One of {@link METRICS_RANGES}. @public */
export type MetricsRange = (typeof METRICS_RANGES)[number];

const RANGE_SECONDS: Record<MetricsRange, number> = {
  '15m': 900,
  '1h': 3600,
  '6h': 21600,
  '24h': 86400,
};

/**
 * The window of a range query: the end (default now) aligned down to the step, so everyone who
 * opens the card within one step gets the same query and the same cache entry.
 * @public
 */
export function metricsWindow(
  range: MetricsRange,
  end: number | undefined,
  now: () => number = Date.now,
): MetricsWindow {
  const seconds = RANGE_SECONDS[range];
  const stepSeconds = stepSecondsForRange(seconds);
  const requestedEnd = end ?? Math.floor(now() / 1000);
  if (!Number.isFinite(requestedEnd) || requestedEnd < seconds) {
    throw new InputError(`Invalid end ${requestedEnd}`);
  }
  const alignedEnd = Math.floor(requestedEnd / stepSeconds) * stepSeconds;
  return { start: alignedEnd - seconds, end: alignedEnd, stepSeconds };
}
