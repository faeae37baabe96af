import { CanaryVerdict } from '@internal/plugin-metrics-common';
import {
  Rollout,
  RolloutEvent,
  rolloutWeights,
  SubsetWeight,
  weightsEqual,
} from '@internal/plugin-traffic-common';

/** What the rollout sees of the entity's traffic at one tick. */
export interface RolloutObservation {
  /** The DestinationRule's subsets, in its order. */
  subsets: string[];
  /** What Git asks for (git mode) or what the cluster runs (direct mode). */
  desired: SubsetWeight[];
  live: SubsetWeight[];
  sync: 'synced' | 'pending';
}

/** The fields of a rollout a tick may change. */
export type RolloutFields = Pick<
  Rollout,
  | 'status'
  | 'phase'
  | 'stepIndex'
  | 'failedChecks'
  | 'phaseSince'
  | 'expectedWeights'
  | 'message'
>;

/** An event before it is stamped with its time (and, after a write, its commit). */
export type PendingEvent = Omit<RolloutEvent, 'at'>;

/**
 * What a tick does: optionally write weights first (the way a manual save writes them), then set
 * the fields and append the events.
 */
export interface RolloutChange {
  write?: SubsetWeight[];
  set: Partial<RolloutFields>;
  events: PendingEvent[];
}

/** The outcome of looking at a rollout: nothing to do yet, a change, or an analysis to run. */
export type RolloutTick =
  | { kind: 'idle' }
  | { kind: 'change'; change: RolloutChange }
  | { kind: 'analyse' };

/** Options of {@link planRolloutTick}. */
export interface RolloutTimings {
  now: Date;
  /** How long a written step may take to be live before the rollout pauses. */
  waitTimeoutMs: number;
}

const IDLE: RolloutTick = { kind: 'idle' };

function change(
  set: Partial<RolloutFields>,
  events: PendingEvent[],
  write?: SubsetWeight[],
): RolloutTick {
  return { kind: 'change', change: { write, set, events } };
}

function describe(weights: SubsetWeight[]): string {
  return weights
    .filter(w => w.weight > 0)
    .map(w => `${w.subset} ${w.weight}%`)
    .join(' / ');
}

function stepWeights(
  rollout: Rollout,
  subsets: string[],
  canaryWeight: number,
): SubsetWeight[] {
  return rolloutWeights(
    subsets,
    rollout.canarySubset,
    rollout.stableSubset,
    canaryWeight,
  );
}

/** A person changed the weights: the rollout stops driving them. */
function pausedByManualEdit(
  rollout: Rollout,
  desired: SubsetWeight[],
): RolloutTick {
  const message = `Paused: the weights were changed outside the rollout (${describe(
    desired,
  )} instead of ${describe(
    rollout.expectedWeights,
  )}); resume to go on from the current step`;
  return change({ status: 'paused', message }, [{ kind: 'paused', message }]);
}

/** Writes `weights` unless they are already desired, then ends the rollout. */
function finish(
  observation: RolloutObservation,
  weights: SubsetWeight[],
  ending: {
    status: Rollout['status'];
    message: string;
    events: PendingEvent[];
  },
  timings: RolloutTimings,
): RolloutTick {
  const already = weightsEqual(observation.desired, weights);
  return change(
    {
      status: ending.status,
      expectedWeights: weights,
      phaseSince: timings.now.toISOString(),
      message: ending.message,
    },
    ending.events,
    already ? undefined : weights,
  );
}

/**
 * The next move of a running rollout, from its phase and what the entity's traffic looks like.
 * Every write is decided against the observed desired weights, so that a tick interrupted after
 * its write and run again finds the weights in place and does not write them twice; desired
 * weights that are neither what the rollout last wrote nor what it is about to write are a
 * person's edit, and pause the rollout.
 */
export function planRolloutTick(
  rollout: Rollout,
  observation: RolloutObservation,
  timings: RolloutTimings,
): RolloutTick {
  const { subsets, desired, live, sync } = observation;
  const { now } = timings;
  const step = rollout.plan.steps[rollout.stepIndex];
  const stable = stepWeights(rollout, subsets, 0);
  switch (rollout.phase) {
    case 'rollback':
      return finish(
        observation,
        stable,
        {
          status: 'failed',
          message: rollout.message,
          events: [
            {
              kind: 'rolled-back',
              weight: 0,
              message: `All traffic back to ${rollout.stableSubset}`,
            },
            { kind: 'failed', message: rollout.message },
          ],
        },
        timings,
      );
    case 'abort':
      return finish(
        observation,
        stable,
        {
          status: 'aborted',
          message: `Aborted: all traffic back to ${rollout.stableSubset}`,
          events: [
            {
              kind: 'aborted',
              weight: 0,
              message: `Aborted: all traffic back to ${rollout.stableSubset}`,
            },
          ],
        },
        timings,
      );
    case 'promote':
      return finish(
        observation,
        stepWeights(rollout, subsets, 100),
        {
          status: 'succeeded',
          message: `Promoted: all traffic to ${rollout.canarySubset}`,
          events: [
            {
              kind: 'promoted',
              weight: 100,
              message: `Promoted: all traffic to ${rollout.canarySubset}`,
            },
            { kind: 'succeeded', message: 'Rollout succeeded' },
          ],
        },
        timings,
      );
    case 'apply': {
      const weights = stepWeights(rollout, subsets, step);
      const already = weightsEqual(desired, weights);
      if (!already && !weightsEqual(desired, rollout.expectedWeights)) {
        return pausedByManualEdit(rollout, desired);
      }
      const message = `Step ${rollout.stepIndex + 1}/${
        rollout.plan.steps.length
      }: ${rollout.canarySubset} at ${step}%, waiting for it to be live`;
      return change(
        {
          phase: 'wait',
          phaseSince: now.toISOString(),
          expectedWeights: weights,
          message,
        },
        [{ kind: 'step-written', weight: step, message }],
        already ? undefined : weights,
      );
    }
    case 'wait': {
      if (!weightsEqual(desired, rollout.expectedWeights)) {
        return pausedByManualEdit(rollout, desired);
      }
      if (sync === 'synced' && weightsEqual(live, rollout.expectedWeights)) {
        const message = `Step ${rollout.stepIndex + 1}/${
          rollout.plan.steps.length
        }: ${rollout.canarySubset} at ${step}% is live, analysing ${
          rollout.plan.intervalSeconds
        } s of traffic`;
        return change(
          { phase: 'analyse', phaseSince: now.toISOString(), message },
          [{ kind: 'step-live', weight: step, message }],
        );
      }
      const waited = now.getTime() - Date.parse(rollout.phaseSince);
      if (waited > timings.waitTimeoutMs) {
        const message = `Paused: step ${rollout.stepIndex + 1} (${
          rollout.canarySubset
        } at ${step}%) was not live after ${Math.round(
          waited / 1000,
        )} s; check the Argo CD Application, then resume`;
        return change({ status: 'paused', message }, [
          { kind: 'paused', message },
        ]);
      }
      return IDLE;
    }
    case 'analyse': {
      if (!weightsEqual(desired, rollout.expectedWeights)) {
        return pausedByManualEdit(rollout, desired);
      }
      const due =
        Date.parse(rollout.phaseSince) + rollout.plan.intervalSeconds * 1000;
      return now.getTime() >= due ? { kind: 'analyse' } : IDLE;
    }
    default:
      return IDLE;
  }
}

function verdictSummary(
  verdict: CanaryVerdict,
): NonNullable<RolloutEvent['verdict']> {
  return {
    status: verdict.status,
    requests: verdict.requests,
    successRate: verdict.successRate,
    latencyP99Ms: verdict.latencyP99Ms,
    problems: verdict.checks
      .filter(c => c.status !== 'passed')
      .map(c => c.message),
  };
}

/**
 * The rollout after one analysed interval of its canary. A passed verdict moves to the next step
 * (or, after the last, ends `succeeded`); a failed or inconclusive one counts as a failed check
 * (as Flagger counts a check without data) and is retried over the next interval, until
 * `maxFailedChecks` is reached: then the rollback phase writes all weight back to the stable
 * subset.
 */
export function afterAnalysis(
  rollout: Rollout,
  verdict: CanaryVerdict,
  now: Date,
): RolloutChange {
  const summary = verdictSummary(verdict);
  const step = rollout.plan.steps[rollout.stepIndex];
  const at = now.toISOString();
  const stepName = `step ${rollout.stepIndex + 1}/${
    rollout.plan.steps.length
  } (${rollout.canarySubset} at ${step}%)`;
  if (verdict.status === 'passed') {
    const passed: PendingEvent = {
      kind: 'check-passed',
      weight: step,
      verdict: summary,
      message: `Check passed at ${stepName}`,
    };
    if (rollout.stepIndex >= rollout.plan.steps.length - 1) {
      const message = `Succeeded: ${rollout.canarySubset} takes all traffic`;
      return {
        set: { status: 'succeeded', phaseSince: at, message },
        events: [passed, { kind: 'succeeded', message }],
      };
    }
    return {
      set: {
        phase: 'apply',
        stepIndex: rollout.stepIndex + 1,
        phaseSince: at,
        message: `Check passed at ${stepName}; next step`,
      },
      events: [passed],
    };
  }
  const failedChecks = rollout.failedChecks + 1;
  const why =
    summary.problems.length > 0 ? summary.problems.join(', ') : verdict.status;
  const failed: PendingEvent = {
    kind: 'check-failed',
    weight: step,
    verdict: summary,
    message: `Check ${failedChecks}/${rollout.plan.maxFailedChecks} failed at ${stepName}: ${why}`,
  };
  if (failedChecks >= rollout.plan.maxFailedChecks) {
    return {
      set: {
        phase: 'rollback',
        failedChecks,
        phaseSince: at,
        message: `Failed at ${stepName} after ${failedChecks} failed check${
          failedChecks === 1 ? '' : 's'
        }: ${why}; rolled back to ${rollout.stableSubset}`,
      },
      events: [failed],
    };
  }
  return {
    set: {
      phase: 'analyse',
      failedChecks,
      phaseSince: at,
      message: `${failed.message}; analysing the next interval`,
    },
    events: [failed],
  };
}
