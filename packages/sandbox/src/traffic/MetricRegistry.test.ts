import { FamilyDefinition, MetricRegistry } from './MetricRegistry';

const COUNTER: FamilyDefinition = {
  name: 'req_total',
  help: 'Requests',
  type: 'counter',
  labelNames: ['code'],
};
const HISTOGRAM: FamilyDefinition = {
  name: 'lat_ms',
  help: 'Latency',
  type: 'histogram',
  labelNames: ['route'],
  buckets: [10, 100],
};

describe('MetricRegistry', () => {
  it.each([
    ['below the first bound', [5], [1, 1, 1]],
    ['on a bound (le is inclusive)', [10], [1, 1, 1]],
    ['between bounds', [50], [0, 1, 1]],
    ['above every bound', [500], [0, 0, 1]],
    ['several', [1, 10, 11, 1000], [2, 3, 4]],
  ])('histogram buckets are cumulative: %s', (_case, values, expected) => {
    const registry = new MetricRegistry([HISTOGRAM]);
    values.forEach(v => registry.observe(HISTOGRAM, ['r'], v));
    const [family] = registry.families();
    const buckets = family.samples.filter(s => s.suffix === '_bucket');
    expect(buckets.map(b => b.value)).toEqual(expected);
    expect(buckets.map(b => Object.fromEntries(b.labels).le)).toEqual([
      '10',
      '100',
      '+Inf',
    ]);
    expect(family.samples.find(s => s.suffix === '_sum')!.value).toBe(
      values.reduce((a, b) => a + b, 0),
    );
    expect(family.samples.find(s => s.suffix === '_count')!.value).toBe(
      values.length,
    );
  });

  it('adds to counters per label set, sorted, and refuses to decrease them', () => {
    const registry = new MetricRegistry([COUNTER]);
    registry.inc(COUNTER, ['500']);
    registry.inc(COUNTER, ['200'], 3);
    registry.inc(COUNTER, ['200']);
    expect(registry.families()[0].samples).toEqual([
      { labels: [['code', '200']], value: 4 },
      { labels: [['code', '500']], value: 1 },
    ]);
    expect(() => registry.inc(COUNTER, ['200'], -1)).toThrow(/only grow/);
  });

  it('checks the number of label values', () => {
    const registry = new MetricRegistry([COUNTER]);
    expect(() => registry.inc(COUNTER, [])).toThrow(/expected 1 label values/);
  });
});
