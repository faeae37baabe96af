/** A latency sample set in milliseconds, summarised the way the benchmarks print it. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile (0 < p <= 100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : NaN,
  };
}

/** `ms` with one decimal, for the printed tables. */
export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'n/a';
}

/** One printed table row: label, then n / p50 / p95 / p99 / max. */
export function row(label: string, s: Summary): string {
  return `  ${label.padEnd(34)} n=${String(s.n).padStart(6)}  p50=${ms(
    s.p50,
  ).padStart(7)}  p95=${ms(s.p95).padStart(7)}  p99=${ms(s.p99).padStart(
    7,
  )}  max=${ms(s.max).padStart(7)}  (ms)`;
}

/** A normally distributed delay (Box–Muller), never below `floor`. */
export function normalDelay(mean: number, sd: number, floor = 1): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(floor, mean + sd * z);
}
