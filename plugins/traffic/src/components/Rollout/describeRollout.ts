import {
  Rollout,
  RolloutEvent,
  RolloutStatus,
} from '@internal/plugin-traffic-common';

/** The chip of a rollout's status: its label and colour. */
export function statusChip(status: RolloutStatus): {
  label: string;
  color: 'primary' | 'secondary' | 'default';
} {
  switch (status) {
    case 'running':
      return { label: 'Running', color: 'primary' };
    case 'paused':
      return { label: 'Paused', color: 'default' };
    case 'succeeded':
      return { label: 'Succeeded', color: 'primary' };
    case 'aborted':
      return { label: 'Aborted', color: 'default' };
    case 'failed':
    default:
      return { label: 'Rolled back', color: 'secondary' };
  }
}

/** Where each step stands: done, the current one, or to come. */
export function stepStates(
  rollout: Rollout,
): Array<{ weight: number; state: 'done' | 'current' | 'next' }> {
  const finishedAll = rollout.status === 'succeeded';
  return rollout.plan.steps.map((weight, index) => {
    if (finishedAll || index < rollout.stepIndex) {
      return { weight, state: 'done' };
    }
    return { weight, state: index === rollout.stepIndex ? 'current' : 'next' };
  });
}

/** "success 92 %, p99 900 ms, 600 requests" of a check's verdict. */
export function describeVerdict(event: RolloutEvent): string | undefined {
  const verdict = event.verdict;
  if (!verdict) return undefined;
  const parts = [
    verdict.successRate === null
      ? 'no success rate'
      : `success ${verdict.successRate} %`,
    verdict.latencyP99Ms === null ? 'no p99' : `p99 ${verdict.latencyP99Ms} ms`,
    `${verdict.requests} requests`,
  ];
  return parts.join(', ');
}

/** The actions an owner may take on a rollout in its status and phase. */
export function availableActions(
  rollout: Rollout,
): Array<'pause' | 'resume' | 'abort' | 'promote'> {
  if (rollout.status === 'paused') return ['resume', 'promote', 'abort'];
  if (rollout.status !== 'running') return [];
  if (['rollback', 'abort', 'promote'].includes(rollout.phase)) return [];
  return ['pause', 'promote', 'abort'];
}
