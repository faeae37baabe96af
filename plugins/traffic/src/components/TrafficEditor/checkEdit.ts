import {
  subsetProblems,
  SubsetProblem,
  trafficChange,
  TrafficChange,
  trafficIssues,
  TrafficPolicy,
  trafficPolicySchema,
  TrafficState,
} from '@internal/plugin-traffic-common';
import {
  ResilienceForm,
  resilienceFieldOf,
  resiliencePolicyFrom,
} from './resilienceForm';
import {
  parseWeight,
  WeightInputs,
  weightRows,
  weightsFromInputs,
  weightSum,
} from './weightsForm';

/** Everything the editor shows about an edit and whether it may be previewed or saved. */
export interface EditCheck {
  policy: TrafficPolicy;
  sum: number;
  /** Subsets whose input is not a whole number from 0 to 100. */
  invalidWeights: string[];
  /** Weight problems other than the sum and bad inputs (e.g. a subset listed twice). */
  weightErrors: string[];
  /** Resilience messages by form field (`section.field`). */
  fieldErrors: Record<string, string>;
  /** Subsets without ready pods that would get more traffic: need force. */
  noReadyPods: SubsetProblem[];
  /** Subsets the DestinationRule does not declare: never allowed. */
  unknownSubsets: SubsetProblem[];
  change: TrafficChange;
  /** Why Preview is disabled (empty: enabled). */
  previewBlockers: string[];
  /** Why Save is disabled (empty: enabled). */
  saveBlockers: string[];
}

/** Checks an edit of `state.desired` the way the backend will, so Save is only offered when it can succeed. */
export function checkEdit(options: {
  state: TrafficState;
  weightInputs: WeightInputs;
  resilienceForm: ResilienceForm;
  force: boolean;
}): EditCheck {
  const { state, weightInputs, resilienceForm, force } = options;
  const rows = weightRows(state);
  const policy: TrafficPolicy = {
    weights: weightsFromInputs(rows, weightInputs, state.desired.weights),
    resilience: resiliencePolicyFrom(resilienceForm),
  };
  const sum = weightSum(weightInputs);
  const invalidWeights = rows
    .map(r => r.subset)
    .filter(subset => parseWeight(weightInputs[subset] ?? '') === undefined);

  const fieldErrors: Record<string, string> = {};
  const weightErrors: string[] = [];
  const parsed = trafficPolicySchema.safeParse(policy);
  if (!parsed.success) {
    parsed.error.issues.forEach((issue, index) => {
      const [head, ...rest] = issue.path;
      if (head === 'resilience') {
        const field = resilienceFieldOf(rest);
        fieldErrors[field] ??= issue.message;
      } else if (
        !/must sum to 100/.test(issue.message) &&
        rest[rest.length - 1] !== 'weight'
      ) {
        weightErrors.push(trafficIssues(parsed.error)[index]);
      }
    });
  }

  const problems = subsetProblems(policy, state.subsets, state.desired);
  const noReadyPods = problems.filter(p => p.kind === 'no-ready-pods');
  const unknownSubsets = problems.filter(p => p.kind === 'unknown-subset');

  const previewBlockers: string[] = [];
  for (const subset of invalidWeights) {
    previewBlockers.push(
      `The weight for ${subset} must be a whole number from 0 to 100.`,
    );
  }
  if (invalidWeights.length === 0 && sum !== 100) {
    previewBlockers.push(
      `The weights sum to ${sum}%; they must sum to exactly 100% to save.`,
    );
  }
  previewBlockers.push(...weightErrors);
  const fieldErrorCount = Object.keys(fieldErrors).length;
  if (fieldErrorCount > 0) {
    previewBlockers.push(
      `Fix the ${
        fieldErrorCount === 1 ? 'resilience setting' : 'resilience settings'
      } marked in red.`,
    );
  }
  previewBlockers.push(...unknownSubsets.map(p => p.message));
  if (noReadyPods.length > 0 && !force) {
    previewBlockers.push(
      `Tick "Force" to send more traffic to ${noReadyPods
        .map(p => p.subset)
        .join(', ')}, which has no ready pods.`,
    );
  }

  const change = trafficChange(state.desired, policy);
  const saveBlockers = [...previewBlockers];
  if (previewBlockers.length === 0 && !change.weights && !change.resilience) {
    saveBlockers.push('Nothing to save: this is the current policy.');
  }
  return {
    policy,
    sum,
    invalidWeights,
    weightErrors,
    fieldErrors,
    noReadyPods,
    unknownSubsets,
    change,
    previewBlockers,
    saveBlockers,
  };
}
