/** The failure counters a run of virtual users keeps. */
export interface LoadFailures {
  failedLoads: number;
  /** The first failures seen, for the printout. */
  failures: string[];
}

/** How many failures a run keeps for its printout. */
const KEPT_FAILURES = 3;

/**
 * Counts a load as failed when any of its requests was rejected, keeping the first reasons.
 * Returns whether the load failed.
 */
export function recordLoadFailures(
  result: LoadFailures,
  settled: PromiseSettledResult<unknown>[],
): boolean {
  const failed = settled.filter(s => s.status === 'rejected');
  if (failed.length === 0) return false;
  result.failedLoads += 1;
  if (result.failures.length < KEPT_FAILURES) {
    result.failures.push(String((failed[0] as PromiseRejectedResult).reason));
  }
  return true;
}
