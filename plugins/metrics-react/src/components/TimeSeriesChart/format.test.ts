import { formatMetricValue, hasSamples, toChartRows } from './format';

describe('formatMetricValue', () => {
  it.each([
    [12.345, 'req/s', '12.3 req/s'],
    [0.4567, 'req/s', '0.46 req/s'],
    [0, 'req/s', '0 req/s'],
    [0.0523, 'ratio', '5.2 %'],
    [0.00523, 'ratio', '0.52 %'],
    [1, 'ratio', '100 %'],
    [84.4, 'ms', '84 ms'],
    [2.345, 'ms', '2.3 ms'],
    [1250, 'ms', '1.25 s'],
    [3, 'replicas', '3 replicas'],
    [2.5, 'replicas', '2.5 replicas'],
    [null, 'ms', '–'],
    [Number.NaN, 'req/s', '–'],
  ] as const)('%p %s → %s', (value, unit, expected) =>
    expect(formatMetricValue(value, unit)).toBe(expected),
  );
});

describe('toChartRows', () => {
  it('joins series by timestamp with one column per series', () => {
    expect(
      toChartRows([
        {
          key: 'drivers.driver.pnum-80',
          points: [
            [20, 2],
            [10, 1],
          ],
        },
        {
          key: 'v2',
          points: [
            [10, null],
            [30, 3],
          ],
        },
      ]),
    ).toEqual([
      { t: 10, s0: 1, s1: null },
      { t: 20, s0: 2 },
      { t: 30, s1: 3 },
    ]);
  });

  it('tells series without any value apart', () => {
    expect(hasSamples([])).toBe(false);
    expect(hasSamples([{ key: 'a', points: [[1, null]] }])).toBe(false);
    expect(hasSamples([{ key: 'a', points: [[1, 0]] }])).toBe(true);
  });
});
