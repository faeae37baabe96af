import {
  DEFAULT_ROLLOUT_INTERVAL_SECONDS,
  DEFAULT_ROLLOUT_MAX_FAILED_CHECKS,
  DEFAULT_ROLLOUT_STEPS,
  RolloutStartRequest,
  rolloutStartRequestSchema,
  trafficIssues,
  TrafficState,
} from '@internal/plugin-traffic-common';

/** The start dialog's fields, as the user types them. */
export interface RolloutForm {
  canarySubset: string;
  /** `10, 25, 50, 100` */
  steps: string;
  intervalSeconds: string;
  maxFailedChecks: string;
}

/**
 * The form a new rollout starts from: the canary is the subset with the least desired weight
 * (the one a new version was deployed to), the rest are the plan's defaults.
 */
export function initialRolloutForm(state: TrafficState): RolloutForm {
  const byWeight = [...state.subsets].sort((a, b) => {
    const weight = (name: string) =>
      state.desired.weights.find(w => w.subset === name)?.weight ?? 0;
    return weight(a.name) - weight(b.name);
  });
  return {
    canarySubset: byWeight[0]?.name ?? '',
    steps: DEFAULT_ROLLOUT_STEPS.join(', '),
    intervalSeconds: String(DEFAULT_ROLLOUT_INTERVAL_SECONDS),
    maxFailedChecks: String(DEFAULT_ROLLOUT_MAX_FAILED_CHECKS),
  };
}

function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed))
    ? Number(trimmed)
    : trimmed;
}

/**
 * The `POST /rollouts` body of a filled-in form, checked with the backend's own schema; or the
 * problems, one line each, in the backend's words.
 */
export function rolloutRequestFromForm(
  entityRef: string,
  form: RolloutForm,
): { request: RolloutStartRequest } | { problems: string[] } {
  const steps = form.steps
    .split(',')
    .map(step => step.trim())
    .filter(step => step !== '')
    .map(numberOrText);
  const parsed = rolloutStartRequestSchema.safeParse({
    entityRef,
    canarySubset: form.canarySubset,
    plan: {
      steps,
      intervalSeconds: numberOrText(form.intervalSeconds),
      maxFailedChecks: numberOrText(form.maxFailedChecks),
    },
  });
  if (!parsed.success) return { problems: trafficIssues(parsed.error) };
  return { request: parsed.data };
}
