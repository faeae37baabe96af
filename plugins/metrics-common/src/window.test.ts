import {
  formatPromDuration,
  rateWindowSeconds,
  stepSecondsForRange,
} from './window';

describe('window', () => {
  it.each([
    ['15m', 900, 15, 60, '1m'],
    ['1h', 3600, 30, 120, '2m'],
    ['6h', 21600, 180, 720, '12m'],
    ['24h', 86400, 720, 2880, '48m'],
  ])('%s: step %#', (_range, seconds, step, rate, literal) => {
    expect(stepSecondsForRange(seconds)).toBe(step);
    expect(rateWindowSeconds(step)).toBe(rate);
    expect(formatPromDuration(rate)).toBe(literal);
  });

  it.each([
    [45, '45s'],
    [60, '1m'],
    [90, '90s'],
    [7200, '2h'],
  ])('formats %i s as %s', (seconds, literal) => {
    expect(formatPromDuration(seconds)).toBe(literal);
  });

  it('rejects non-positive or fractional durations', () => {
    expect(() => formatPromDuration(0)).toThrow(RangeError);
    expect(() => formatPromDuration(1.5)).toThrow(RangeError);
  });
});
