import { Labels, MetricFamily, Sample } from './exposition';

/** The declaration of a counter or histogram family the registry keeps. */
export interface FamilyDefinition {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  /** Label names in the order they are written. */
  labelNames: readonly string[];
  /** Upper bounds of the histogram buckets, ascending (`+Inf` is implicit). */
  buckets?: readonly number[];
}

interface Series {
  labels: Labels;
  value: number;
  /** Per-bucket counts (not cumulative) for histograms. */
  bucketCounts?: number[];
  sum?: number;
}

/**
 * Monotonic counters and histograms, keyed by family and label values. Values only grow; a series
 * once created stays (as in a real exporter, which keeps its series until it restarts).
 */
export class MetricRegistry {
  private readonly series = new Map<string, Map<string, Series>>();

  constructor(private readonly definitions: readonly FamilyDefinition[]) {
    for (const definition of definitions) {
      this.series.set(definition.name, new Map());
    }
  }

  /** Adds `by` (≥ 0) to a counter. */
  inc(family: FamilyDefinition, labelValues: readonly string[], by = 1): void {
    if (!(by >= 0)) {
      throw new RangeError(`${family.name}: counters only grow (got ${by})`);
    }
    this.lookup(family, labelValues).value += by;
  }

  /** Records one observation in a histogram. */
  observe(
    family: FamilyDefinition,
    labelValues: readonly string[],
    value: number,
  ): void {
    const series = this.lookup(family, labelValues);
    const buckets = family.buckets ?? [];
    const index = buckets.findIndex(bound => value <= bound);
    series.bucketCounts![index === -1 ? buckets.length : index] += 1;
    series.sum! += value;
    series.value += 1;
  }

  /** Every family with its series sorted by labels, ready for {@link renderExposition}. */
  families(): MetricFamily[] {
    return this.definitions.map(definition => {
      const all = [...this.series.get(definition.name)!.entries()]
        .sort(([a], [b]) => compareKeys(a, b))
        .map(([, s]) => s);
      const samples: Sample[] =
        definition.type === 'counter'
          ? all.map(s => ({ labels: s.labels, value: s.value }))
          : all.flatMap(s => histogramSamples(definition, s));
      return {
        name: definition.name,
        help: definition.help,
        type: definition.type,
        samples,
      };
    });
  }

  private lookup(
    family: FamilyDefinition,
    labelValues: readonly string[],
  ): Series {
    const bucket = this.series.get(family.name);
    if (!bucket) throw new Error(`Unknown metric family ${family.name}`);
    if (labelValues.length !== family.labelNames.length) {
      throw new Error(
        `${family.name}: expected ${family.labelNames.length} label values, got ${labelValues.length}`,
      );
    }
    const key = JSON.stringify(labelValues);
    let series = bucket.get(key);
    if (!series) {
      series = {
        labels: family.labelNames.map((name, i) => [name, labelValues[i]]),
        value: 0,
        ...(family.type === 'histogram' && {
          bucketCounts: new Array((family.buckets ?? []).length + 1).fill(0),
          sum: 0,
        }),
      };
      bucket.set(key, series);
    }
    return series;
  }
}

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function histogramSamples(definition: FamilyDefinition, s: Series): Sample[] {
  const bounds = [...(definition.buckets ?? []), Infinity];
  let cumulative = 0;
  const buckets: Sample[] = bounds.map((bound, i) => {
    cumulative += s.bucketCounts![i];
    return {
      suffix: '_bucket',
      labels: [
        ...s.labels,
        ['le', bound === Infinity ? '+Inf' : String(bound)],
      ],
      value: cumulative,
    };
  });
  return [
    ...buckets,
    { suffix: '_sum', labels: s.labels, value: s.sum! },
    { suffix: '_count', labels: s.labels, value: s.value },
  ];
}
