import type {
  SubsetWeight,
  TrafficState,
} from '@internal/plugin-traffic-common';

/** One row of the weights editor: a DestinationRule subset, or a routed subset the rule lacks. */
export interface WeightRow {
  subset: string;
  readyPods?: number;
  totalPods?: number;
  /** False when the route sends to a subset the DestinationRule does not declare. */
  declared: boolean;
}

/** The text of each weight input, by subset (kept as typed, so a bad value can be shown). */
export type WeightInputs = Record<string, string>;

/** The editor's rows: the DestinationRule's subsets in order, then undeclared routed ones. */
export function weightRows(state: TrafficState): WeightRow[] {
  const rows: WeightRow[] = state.subsets.map(s => ({
    subset: s.name,
    readyPods: s.readyPods,
    totalPods: s.totalPods,
    declared: true,
  }));
  for (const { subset } of state.desired.weights) {
    if (!rows.some(r => r.subset === subset)) {
      rows.push({ subset, declared: false });
    }
  }
  return rows;
}

/** The inputs an edit starts from: the desired weights, 0 for subsets the route omits. */
export function initialWeightInputs(state: TrafficState): WeightInputs {
  return Object.fromEntries(
    weightRows(state).map(({ subset }) => [
      subset,
      String(state.desired.weights.find(w => w.subset === subset)?.weight ?? 0),
    ]),
  );
}

/** The weight an input holds when it is a whole number from 0 to 100. */
export function parseWeight(input: string): number | undefined {
  if (!/^\s*\d{1,3}\s*$/.test(input)) return undefined;
  const value = Number(input);
  return value <= 100 ? value : undefined;
}

/** Sum of the valid inputs (an invalid one counts as 0). */
export function weightSum(inputs: WeightInputs): number {
  return Object.values(inputs).reduce(
    (sum, input) => sum + (parseWeight(input) ?? 0),
    0,
  );
}

/**
 * The route's weights to send: every subset the route already lists (so a subset brought to
 * 0 keeps its destination) and every subset given weight. Invalid inputs become NaN, which
 * the schema refuses.
 */
export function weightsFromInputs(
  rows: WeightRow[],
  inputs: WeightInputs,
  routed: SubsetWeight[],
): SubsetWeight[] {
  return rows
    .map(({ subset }) => ({
      subset,
      weight: parseWeight(inputs[subset] ?? '') ?? NaN,
    }))
    .filter(
      ({ subset, weight }) =>
        weight !== 0 || routed.some(w => w.subset === subset),
    );
}

/** The inputs for a preset's weights (subsets the preset leaves out get 0). */
export function inputsForWeights(
  rows: WeightRow[],
  weights: SubsetWeight[],
): WeightInputs {
  return Object.fromEntries(
    rows.map(({ subset }) => [
      subset,
      String(weights.find(w => w.subset === subset)?.weight ?? 0),
    ]),
  );
}
