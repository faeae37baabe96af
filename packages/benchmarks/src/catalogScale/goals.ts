/** PASS when a measured p95 is within its goal, MISS otherwise (and when nothing was measured). */
export function goalVerdict(p95: number, goalMs: number): 'PASS' | 'MISS' {
  return Number.isFinite(p95) && p95 <= goalMs ? 'PASS' : 'MISS';
}
