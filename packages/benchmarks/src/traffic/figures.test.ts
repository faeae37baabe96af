import {
  figure,
  pushTime,
  split,
  splitLabel,
  tableRow,
  v2WeightAt,
  weightSequence,
} from './figures';

describe('traffic benchmark figures', () => {
  it('walks v2 up and down in steps of 10 from 100/0, never repeating the state before', () => {
    expect(weightSequence(12).map(splitLabel)).toEqual([
      '90/10',
      '80/20',
      '70/30',
      '60/40',
      '50/50',
      '60/40',
      '70/30',
      '80/20',
      '90/10',
      '100/0',
      '90/10',
      '80/20',
    ]);
    const labels = ['100/0', ...weightSequence(40).map(splitLabel)];
    labels.slice(1).forEach((label, i) => expect(label).not.toBe(labels[i]));
    expect(v2WeightAt(0, 25, 100)).toBe(25);
    expect(() => v2WeightAt(0, 10, 45)).toThrow('bad weight wave');
  });

  it('builds a two-subset split that sums to 100', () => {
    expect(split(70)).toEqual({
      weights: [
        { subset: 'v1', weight: 70 },
        { subset: 'v2', weight: 30 },
      ],
      resilience: {},
    });
  });

  it('summarises min, median, p95 and max', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(figure(values)).toEqual({
      n: 20,
      min: 1,
      median: 10,
      p95: 19,
      max: 20,
    });
    expect(figure([])).toEqual({
      n: 0,
      min: NaN,
      median: NaN,
      p95: NaN,
      max: NaN,
    });
    expect(tableRow('save', [1.25, 3])).toMatch(
      /^ {2}save +2 +1\.3 +1\.3 +3\.0 +3\.0$/,
    );
  });

  it('reads the push time of a commit from the post-receive log', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const log = [
      `1764547200123456789 ${a} refs/heads/main`,
      `N ${b} refs/heads/main`,
      '',
    ].join('\n');
    expect(pushTime(log, a)).toBe(1764547200123.456);
    expect(pushTime(log, b)).toBeUndefined();
    expect(pushTime(log, 'c'.repeat(40))).toBeUndefined();
  });
});
