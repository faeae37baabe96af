/**
 * A workload's simulated health, set by the annotation {@link BEHAVIOUR_ANNOTATION} on a
 * Deployment's pod template, so that a developer can make one version misbehave through Git (the
 * way a bad release would) and watch the canary analysis fail it:
 *
 * `sandbox.ops-portal/behaviour: "error-rate=0.08, median-latency-ms=400"`
 *
 * `error-rate` is the share of requests answered 500/503 (0..1); `median-latency-ms` the median of
 * the log-normal latency (σ 0.35: p99 ≈ 2.26 × the median, so 400 gives a p99 near 900 ms).
 */
export const BEHAVIOUR_ANNOTATION = 'sandbox.ops-portal/behaviour';

/** What the annotation sets; absent keys keep the service's own behaviour. */
export interface WorkloadBehaviour {
  errorRate?: number;
  medianLatencyMs?: number;
}

/**
 * Parses the annotation. Anything it cannot read (unknown key, value out of range) is an error
 * naming the problem, which the simulator reports once and then ignores the annotation.
 */
export function parseWorkloadBehaviour(
  value: string,
): { behaviour: WorkloadBehaviour } | { error: string } {
  const behaviour: WorkloadBehaviour = {};
  for (const part of value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z-]+)\s*=\s*([0-9]+(?:\.[0-9]+)?)$/.exec(part);
    if (!match) return { error: `"${part}" is not key=number` };
    const number = Number(match[2]);
    if (match[1] === 'error-rate') {
      if (number > 1) return { error: `error-rate ${number} is above 1` };
      behaviour.errorRate = number;
    } else if (match[1] === 'median-latency-ms') {
      if (number <= 0 || number > 60_000) {
        return { error: `median-latency-ms ${number} is not in (0, 60000]` };
      }
      behaviour.medianLatencyMs = number;
    } else {
      return {
        error: `unknown key "${match[1]}" (error-rate, median-latency-ms)`,
      };
    }
  }
  return { behaviour };
}
