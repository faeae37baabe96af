import type {
  DeployImpact,
  DeployImpactFigure,
} from '@internal/plugin-metrics-react';

const UNITS: Record<DeployImpactFigure['name'], (v: number) => string> = {
  'requests-per-second': v => `${v} req/s`,
  'error-rate': v => `${v} %`,
  'latency-p95': v => `${v} ms`,
};

/** The cells of one compared figure: before, after, change (`+650 %`), `–` for no value. */
export function describeFigure(figure: DeployImpactFigure): {
  before: string;
  after: string;
  change: string;
} {
  const format = UNITS[figure.name];
  const show = (v: number | null) => (v === null ? '–' : format(v));
  let change = '–';
  if (figure.changePercent !== null) {
    change = `${figure.changePercent > 0 ? '+' : ''}${figure.changePercent} %`;
  }
  return { before: show(figure.before), after: show(figure.after), change };
}

/**
 * "Last deploy: Sync a1b2c3d by Alice (driver 1.4.0), 15 minutes before and after", or, for a
 * sync less than a minute old, "…: compared once a minute of traffic has passed".
 */
export function describeImpactHeading(impact: DeployImpact): string {
  const { marker } = impact;
  const minutes = Math.round(impact.windowSeconds / 60);
  const by = marker.author
    ? ` by ${marker.author.replace(/\s*<[^>]*>$/, '')}`
    : '';
  const what = marker.message ? ` (${marker.message.split('\n')[0]})` : '';
  const window =
    impact.figures.length === 0
      ? ': compared once a minute of traffic has passed'
      : `, ${minutes} minutes before and after`;
  return `Last deploy: ${marker.label}${by}${what}${window}`;
}
