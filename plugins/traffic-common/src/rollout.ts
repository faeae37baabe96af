/**
 * Progressive rollouts: the plan an owner starts (weight steps, interval, thresholds, failed
 * checks allowed), the rollout the backend carries out, and the pure rules of each step.
 */
import type {
  CanaryThresholds,
  CanaryVerdict,
} from '@internal/plugin-metrics-common';
import type { SubsetWeight } from './types';

/** Default weight steps of the canary subset, percent. @public */
export const DEFAULT_ROLLOUT_STEPS = [10, 25, 50, 100];
/** Default analysis interval of a step, seconds. @public */
export const DEFAULT_ROLLOUT_INTERVAL_SECONDS = 60;
/** Default number of failed checks that rolls a rollout back (Flagger's `threshold`). @public */
export const DEFAULT_ROLLOUT_MAX_FAILED_CHECKS = 2;

/** What an owner asks for. @public */
export interface RolloutPlan {
  /** Increasing weights of the canary subset, percent; the last one is 100. */
  steps: number[];
  /** Seconds of traffic analysed after each step is live. */
  intervalSeconds: number;
  /** Failed (or inconclusive) checks that roll the rollout back when reached. */
  maxFailedChecks: number;
  /** Thresholds of the analysis; absent ones come from the entity's annotation or the portal's config. */
  thresholds?: Partial<CanaryThresholds>;
}

/** Where a rollout is. @public */
export type RolloutStatus =
  | 'running'
  | 'paused'
  | 'succeeded'
  | 'failed'
  | 'aborted';

/**
 * What a running rollout does next: `apply` writes the current step, `wait` waits for it to be
 * live, `analyse` judges the interval after it; `rollback` (too many failed checks) and `abort`
 * (an owner's) write all weight back to the stable subset and end the rollout `failed` or
 * `aborted`; `promote` (an owner's "promote now") writes all weight to the canary and ends it
 * `succeeded`.
 * @public
 */
export type RolloutPhase =
  | 'apply'
  | 'wait'
  | 'analyse'
  | 'rollback'
  | 'abort'
  | 'promote';

/** One line of a rollout's history. @public */
export interface RolloutEvent {
  /** ISO time. */
  at: string;
  kind:
    | 'started'
    | 'step-written'
    | 'step-live'
    | 'check-passed'
    | 'check-failed'
    | 'paused'
    | 'resumed'
    | 'promote-requested'
    | 'abort-requested'
    | 'rolled-back'
    | 'promoted'
    | 'succeeded'
    | 'failed'
    | 'aborted';
  /** The canary's weight at that moment, percent. */
  weight?: number;
  /** The commit that carried a write (git mode). */
  commit?: string;
  /** The user behind an owner action. */
  actor?: string;
  /** The verdict a check was judged on. */
  verdict?: Pick<
    CanaryVerdict,
    'status' | 'requests' | 'successRate' | 'latencyP99Ms'
  > & { problems: string[] };
  message: string;
}

/** A rollout as the API answers it. @public */
export interface Rollout {
  id: string;
  entityRef: string;
  /** The subset receiving the new version. */
  canarySubset: string;
  /** The subset that keeps the rest of the traffic, and all of it on rollback. */
  stableSubset: string;
  plan: RolloutPlan;
  status: RolloutStatus;
  /** Meaningful while `running` (and kept while `paused`). */
  phase: RolloutPhase;
  /** Index in `plan.steps` of the current step. */
  stepIndex: number;
  failedChecks: number;
  /** When the phase began (ISO); an `analyse` phase is due `intervalSeconds` later. */
  phaseSince: string;
  /** The weights the rollout last wrote or found; any other desired weights are a manual edit. */
  expectedWeights: SubsetWeight[];
  /** What is happening, or why it ended, in one sentence. */
  message: string;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  /** Newest last; the most recent 100. */
  events: RolloutEvent[];
  /** Increases with every change; owner actions send it back (a stale one is a conflict). */
  revision: number;
}

/** `GET /rollouts?entityRef=`: the active rollout, if any, and the last finished ones. @public */
export interface RolloutsResponse {
  active?: Rollout;
  recent: Rollout[];
}

/** True while a rollout holds the entity's traffic (running or paused). @public */
export function isActiveRollout(rollout: Pick<Rollout, 'status'>): boolean {
  return rollout.status === 'running' || rollout.status === 'paused';
}

/**
 * The weights of one step: the canary gets `canaryWeight`, the stable subset the rest, every
 * other subset 0. Listed in the order of `subsets`.
 * @public
 */
export function rolloutWeights(
  subsets: string[],
  canary: string,
  stable: string,
  canaryWeight: number,
): SubsetWeight[] {
  return subsets.map(subset => {
    if (subset === canary) return { subset, weight: canaryWeight };
    if (subset === stable) return { subset, weight: 100 - canaryWeight };
    return { subset, weight: 0 };
  });
}

/** The canary's weight in a list of weights (0 when it is absent). @public */
export function canaryWeightOf(
  weights: SubsetWeight[],
  canary: string,
): number {
  return weights.find(w => w.subset === canary)?.weight ?? 0;
}

/** The plan with every default filled in. @public */
export function withPlanDefaults(plan: Partial<RolloutPlan> = {}): RolloutPlan {
  return {
    steps: plan.steps ?? DEFAULT_ROLLOUT_STEPS,
    intervalSeconds: plan.intervalSeconds ?? DEFAULT_ROLLOUT_INTERVAL_SECONDS,
    maxFailedChecks: plan.maxFailedChecks ?? DEFAULT_ROLLOUT_MAX_FAILED_CHECKS,
    ...(plan.thresholds ? { thresholds: plan.thresholds } : {}),
  };
}
