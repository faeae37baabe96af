import type { TrafficPolicy } from '@internal/plugin-traffic-common';
import { ms, percentile } from '../stats';

/**
 * The v2 weight of save `index` (0-based) of a run that starts at v1 100 / v2 0: a triangle wave
 * 10, 20, …, `max`, …, 10, 0, 10, … in steps of `step`, so every save changes the weights
 * (never a repeat of the state before it).
 */
export function v2WeightAt(index: number, step = 10, max = 50): number {
  if (step <= 0 || max < step || max % step !== 0) {
    throw new Error(`bad weight wave: step ${step}, max ${max}`);
  }
  const period = (2 * max) / step;
  const phase = (index + 1) % period;
  return step * (phase <= max / step ? phase : period - phase);
}

/** The policies of `runs` saves: v1/v2 weights from {@link v2WeightAt}, no resilience settings. */
export function weightSequence(runs: number): TrafficPolicy[] {
  return Array.from({ length: runs }, (_, i) => split(100 - v2WeightAt(i)));
}

/** v1 `v1` / v2 the rest, no resilience settings. */
export function split(v1: number): TrafficPolicy {
  return {
    weights: [
      { subset: 'v1', weight: v1 },
      { subset: 'v2', weight: 100 - v1 },
    ],
    resilience: {},
  };
}

/** `80/20` for the printed lines. */
export function splitLabel(policy: TrafficPolicy): string {
  return policy.weights.map(w => w.weight).join('/');
}

/**
 * The epoch ms (µs resolution) at which a push updated a ref to `commit`, from the log the
 * benchmark's `post-receive` hook writes (`<epoch ns> <new sha> <ref>` per line); undefined when
 * the commit is not in it or the time is not in nanoseconds (a `date` without `%N`).
 */
export function pushTime(log: string, commit: string): number | undefined {
  for (const line of log.split('\n')) {
    const [ns, sha] = line.split(' ');
    if (sha === commit && /^\d{19}$/.test(ns)) {
      return Number(BigInt(ns) / 1000n) / 1000;
    }
  }
  return undefined;
}

/** min / median / p95 / max of a sample set in ms (nearest-rank percentiles); NaN when empty. */
export interface Figure {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

export function figure(values: readonly number[]): Figure {
  return {
    n: values.length,
    min: values.length ? Math.min(...values) : NaN,
    median: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : NaN,
  };
}

const LABEL_WIDTH = 50;
const NUMBER_WIDTH = 8;

/** The header of the printed table. */
export function tableHeader(): string {
  const cells = ['n', 'min', 'median', 'p95', 'max'].map((c, i) =>
    i === 0 ? c.padStart(4) : c.padStart(NUMBER_WIDTH),
  );
  return `  ${'figure (ms)'.padEnd(LABEL_WIDTH)}${cells.join('')}`;
}

/** One printed table row: label, n, min, median, p95, max. */
export function tableRow(label: string, values: readonly number[]): string {
  const f = figure(values);
  const numbers = [f.min, f.median, f.p95, f.max].map(v =>
    ms(v).padStart(NUMBER_WIDTH),
  );
  return `  ${label.padEnd(LABEL_WIDTH)}${String(f.n).padStart(
    4,
  )}${numbers.join('')}`;
}
