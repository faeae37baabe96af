import {
  ResiliencePolicy,
  TrafficChange,
  TrafficPolicy,
} from '@internal/plugin-traffic-common';

/** `v1 80 / v2 20`. */
export function describeWeights(policy: TrafficPolicy): string {
  return policy.weights.map(w => `${w.subset} ${w.weight}`).join(' / ');
}

/** `retries 3, timeout 10s, fault abort 503 10%`, or `no resilience settings`. */
export function describeResilience(resilience: ResiliencePolicy): string {
  const parts: string[] = [];
  const { fault, retries, timeout, outlierDetection, consistentHashHeader } =
    resilience;
  if (fault?.delay) {
    parts.push(
      `fault delay ${fault.delay.fixedDelay} ${fault.delay.percentage}%`,
    );
  }
  if (fault?.abort) {
    parts.push(
      `fault abort ${fault.abort.httpStatus} ${fault.abort.percentage}%`,
    );
  }
  if (retries) {
    parts.push(
      `retries ${retries.attempts}${
        retries.perTryTimeout ? ` × ${retries.perTryTimeout}` : ''
      }${retries.retryOn ? ` on ${retries.retryOn}` : ''}`,
    );
  }
  if (timeout) parts.push(`timeout ${timeout}`);
  if (outlierDetection && Object.keys(outlierDetection).length > 0) {
    parts.push(
      `outlier detection ${Object.entries(outlierDetection)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')}`,
    );
  }
  if (consistentHashHeader)
    parts.push(`consistent hash on ${consistentHashHeader}`);
  return parts.length ? parts.join(', ') : 'no resilience settings';
}

/**
 * The commit message of a traffic edit: a subject naming the entity, the change and the user
 * (`Traffic: nginx-ab v1 80 / v2 20 (by user:default/guest)`), and a body with the entity ref
 * and trailers.
 */
export function trafficCommitMessage(options: {
  entityName: string;
  entityRef: string;
  userRef: string;
  /** A rollout's step: `rollout <id> step 2/4`. */
  rollout?: string;
  policy: TrafficPolicy;
  change: TrafficChange;
  force: boolean;
}): string[] {
  const { policy, change } = options;
  const what = [
    change.weights ? describeWeights(policy) : undefined,
    change.resilience
      ? `resilience: ${describeResilience(policy.resilience)}`
      : undefined,
  ].filter(Boolean);
  return [
    `Traffic: ${options.entityName} ${what.join('; ')} (${
      options.rollout ? `${options.rollout}, ` : ''
    }by ${options.userRef})`,
    [
      `Entity: ${options.entityRef}`,
      ...(options.rollout ? [`Rollout: ${options.rollout}`] : []),
      ...(options.force
        ? ['Forced: weight to subsets without ready pods']
        : []),
      `Requested-by: ${options.userRef}`,
    ].join('\n'),
  ];
}
