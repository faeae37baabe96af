import type {
  ResiliencePolicy,
  SubsetStatus,
  SubsetWeight,
  TrafficChange,
  TrafficPolicy,
} from './types';

// Drops undefined fields and empty objects and sorts keys, so equal policies compare equal
// whatever their origin (a parsed manifest, the API, the editor).
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        key =>
          [key, canonical((value as Record<string, unknown>)[key])] as const,
      )
      .filter(
        ([, v]) =>
          v !== undefined &&
          !(
            typeof v === 'object' &&
            v !== null &&
            !Array.isArray(v) &&
            Object.keys(v).length === 0
          ),
      );
    return Object.fromEntries(entries);
  }
  return value;
}

function sortedWeights(weights: SubsetWeight[]): SubsetWeight[] {
  return [...weights]
    .filter(w => w.weight > 0)
    .sort((a, b) => a.subset.localeCompare(b.subset))
    .map(({ subset, weight }) => ({ subset, weight }));
}

/** True when two weight lists send the same share to every subset (order and 0-weight entries aside). @public */
export function weightsEqual(a: SubsetWeight[], b: SubsetWeight[]): boolean {
  return JSON.stringify(sortedWeights(a)) === JSON.stringify(sortedWeights(b));
}

/** True when two resilience policies configure the same settings. @public */
export function resilienceEqual(
  a: ResiliencePolicy,
  b: ResiliencePolicy,
): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Which parts of the policy differ between two states. @public */
export function trafficChange(
  before: TrafficPolicy,
  after: TrafficPolicy,
): TrafficChange {
  return {
    weights: !weightsEqual(before.weights, after.weights),
    resilience: !resilienceEqual(before.resilience, after.resilience),
  };
}

/** True when two policies are the same in every part the editor models. @public */
export function trafficPoliciesEqual(
  a: TrafficPolicy,
  b: TrafficPolicy,
): boolean {
  const change = trafficChange(a, b);
  return !change.weights && !change.resilience;
}

/** A problem of a policy against the subsets that exist and their pods. @public */
export interface SubsetProblem {
  subset: string;
  kind: 'unknown-subset' | 'no-ready-pods';
  message: string;
}

/**
 * Checks a policy's weights against the DestinationRule's subsets: a subset that does not exist
 * is always refused; giving weight to a subset with no ready pods is refused unless forced — but
 * only when the weight grows, so a policy that already sends traffic there can still be edited.
 * @public
 */
export function subsetProblems(
  policy: TrafficPolicy,
  subsets: SubsetStatus[],
  current: TrafficPolicy,
): SubsetProblem[] {
  const problems: SubsetProblem[] = [];
  for (const { subset, weight } of policy.weights) {
    const status = subsets.find(s => s.name === subset);
    if (!status) {
      problems.push({
        subset,
        kind: 'unknown-subset',
        message: `subset ${subset} is not defined in the DestinationRule (known: ${
          subsets.map(s => s.name).join(', ') || 'none'
        })`,
      });
      continue;
    }
    const before = current.weights.find(w => w.subset === subset)?.weight ?? 0;
    if (weight > 0 && weight > before && status.readyPods === 0) {
      problems.push({
        subset,
        kind: 'no-ready-pods',
        message: `subset ${subset} has no ready pods; moving ${weight}% of the traffic there needs force`,
      });
    }
  }
  return problems;
}

/** A named weight assignment the editor offers. @public */
export interface WeightPreset {
  id: 'canary-10' | 'half' | 'promote' | 'rollback';
  label: string;
  weights: SubsetWeight[];
}

/**
 * Presets for a route with a stable and a candidate subset: the first two subsets in the
 * DestinationRule's order (by convention `v1` then `v2`). Fewer than two subsets: no presets.
 * @public
 */
export function weightPresets(subsetNames: string[]): WeightPreset[] {
  if (subsetNames.length < 2) return [];
  const [stable, candidate] = subsetNames;
  const assign = (stableWeight: number): SubsetWeight[] =>
    subsetNames.map(name => {
      if (name === stable) return { subset: name, weight: stableWeight };
      if (name === candidate)
        return { subset: name, weight: 100 - stableWeight };
      return { subset: name, weight: 0 };
    });
  const only = (name: string): SubsetWeight[] =>
    subsetNames.map(n => ({ subset: n, weight: n === name ? 100 : 0 }));
  return [
    {
      id: 'canary-10',
      label: `90/10 (${stable}/${candidate})`,
      weights: assign(90),
    },
    {
      id: 'half',
      label: `50/50 (${stable}/${candidate})`,
      weights: assign(50),
    },
    {
      id: 'promote',
      label: `Promote ${candidate} to 100/0`,
      weights: only(candidate),
    },
    { id: 'rollback', label: `Roll back to ${stable}`, weights: only(stable) },
  ];
}
