import { MeshRoute, Workload } from './meshRoutes';
import { SeededRandom, stableFraction } from './random';

/** What happened to one request Kong proxied into the mesh. */
export interface RequestOutcome {
  code: number;
  /** Envoy's response flags: `-`, `FI` (fault abort), `DI` (fault delay), `UH` (no endpoints). */
  responseFlags: string;
  /** The workload that answered; undefined when the request never reached a pod. */
  workload?: Workload;
  /** Time in the destination pod (what the destination proxy measures). */
  upstreamMs: number;
  /** Added by a fault delay, seen only by the caller's proxy. */
  injectedDelayMs: number;
  /** Kong's own processing time. */
  kongMs: number;
  requestBytes: number;
  responseBytes: number;
}

/** Behaviour that is not in the cluster objects: the service's "own" health. */
export interface ServiceBehaviour {
  /** Share of requests a healthy destination still fails with 500/503. */
  baseErrorRate: number;
  /** Median latency of a destination pod before its per-version factor (ms). */
  medianLatencyMs: number;
}

/** A version's latency factor in [0.8, 1.6), stable for a workload name. */
export function latencyFactor(workload: Workload): number {
  return 0.8 + 0.8 * stableFraction(`${workload.namespace}/${workload.name}`);
}

function pickWorkload(
  random: SeededRandom,
  route: MeshRoute,
): Workload | undefined {
  const index = random.weightedIndex(route.destinations.map(d => d.weight));
  if (index === -1) return undefined;
  const ready = route.destinations[index].workloads.filter(
    w => w.pods.length > 0,
  );
  const pick = random.weightedIndex(ready.map(w => w.pods.length));
  return pick === -1 ? undefined : ready[pick];
}

/**
 * Draws one request's fate: the weighted destination, fault injection (abort before the
 * destination, delay on the way), a small base error rate, and latencies from per-version
 * log-normal distributions.
 */
export function simulateRequest(
  random: SeededRandom,
  route: MeshRoute,
  behaviour: ServiceBehaviour,
): RequestOutcome {
  const kongMs = random.logNormal(1.5, 0.4);
  const requestBytes = 300 + Math.floor(random.next() * 200);
  const workload = pickWorkload(random, route);
  const base = { kongMs, requestBytes, injectedDelayMs: 0 };
  const { abort, delay } = route.fault;
  if (abort && random.chance(abort.fraction)) {
    const upstreamMs = random.logNormal(0.6, 0.3);
    return {
      ...base,
      code: abort.httpStatus,
      responseFlags: 'FI',
      upstreamMs,
      responseBytes: 18,
    };
  }
  const injectedDelayMs =
    delay && random.chance(delay.fraction) ? delay.delayMs : 0;
  const responseFlags = injectedDelayMs > 0 ? 'DI' : '-';
  if (!workload) {
    return {
      ...base,
      injectedDelayMs,
      code: 503,
      responseFlags: 'UH',
      upstreamMs: random.logNormal(0.8, 0.3),
      responseBytes: 19,
    };
  }
  // A workload's own simulated health (its behaviour annotation) replaces the service's.
  const own = workload.behaviour ?? {};
  const failed = random.chance(own.errorRate ?? behaviour.baseErrorRate);
  const failedCode = random.chance(0.5) ? 500 : 503;
  const upstreamMs = random.logNormal(
    own.medianLatencyMs ?? behaviour.medianLatencyMs * latencyFactor(workload),
    0.35,
  );
  const responseSize =
    800 + Math.floor(1200 * stableFraction(`${workload.name}/bytes`));
  return {
    ...base,
    injectedDelayMs,
    code: failed ? failedCode : 200,
    responseFlags,
    workload,
    upstreamMs,
    responseBytes: failed ? 120 : responseSize,
  };
}
