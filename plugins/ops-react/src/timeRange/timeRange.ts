/** The time windows every Ops card offers. @public */
export const OPS_TIME_RANGES = ['15m', '1h', '6h', '24h'] as const;

/** One of {@link OPS_TIME_RANGES}. @public */
export type OpsTimeRange = (typeof OPS_TIME_RANGES)[number];

const RANGE_SECONDS: Record<OpsTimeRange, number> = {
  '15m': 15 * 60,
  '1h': 60 * 60,
  '6h': 6 * 60 * 60,
  '24h': 24 * 60 * 60,
};

/** The window's length in seconds. @public */
export function rangeSeconds(range: OpsTimeRange): number {
  return RANGE_SECONDS[range];
}

/** A concrete window: what the metrics queries and the log links use. @public */
export interface OpsTimeWindow {
  range: OpsTimeRange;
  /** Start of the window. */
  from: Date;
  /** End of the window (the moment the range was chosen or refreshed). */
  to: Date;
}

/** The window of `range` ending at `now`. @public */
export function timeWindow(range: OpsTimeRange, now: Date): OpsTimeWindow {
  return {
    range,
    from: new Date(now.getTime() - rangeSeconds(range) * 1000),
    to: now,
  };
}

/** True for one of the offered ranges (values from the URL or storage are untrusted). @public */
export function isOpsTimeRange(value: unknown): value is OpsTimeRange {
  return (OPS_TIME_RANGES as readonly unknown[]).includes(value);
}
