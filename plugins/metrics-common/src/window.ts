/**
 * Step and rate window of range queries. The step gives about 120 points per chart; the rate
 * window covers at least four steps (so every point averages over several scrapes) and never
 * less than a minute.
 */

/** Smallest step: the usual scrape interval. @public */
export const MIN_STEP_SECONDS = 15;
/** Points a chart aims for. @public */
export const TARGET_POINTS = 120;
/** Smallest rate window. @public */
export const MIN_RATE_WINDOW_SECONDS = 60;

/** The step, in seconds, of a range query over `rangeSeconds`. @public */
export function stepSecondsForRange(rangeSeconds: number): number {
  return Math.max(
    MIN_STEP_SECONDS,
    Math.ceil(rangeSeconds / TARGET_POINTS / MIN_STEP_SECONDS) *
      MIN_STEP_SECONDS,
  );
}

/** The `rate()` window, in seconds, for a step: max(4 × step, 1 m). @public */
export function rateWindowSeconds(stepSeconds: number): number {
  return Math.max(4 * stepSeconds, MIN_RATE_WINDOW_SECONDS);
}

/** A PromQL duration literal: `90s`, `5m`, `2h`. @public */
export function formatPromDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new RangeError(`Invalid duration ${seconds}s`);
  }
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
