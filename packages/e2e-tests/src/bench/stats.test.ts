import { median, percentile } from './stats';

describe('percentile (nearest rank)', () => {
  it.each([
    [[1], 95, 1],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 95, 4],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [[5, 7], 0, 5],
  ])('%j p%i = %i', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('median', () => {
  it.each([
    [[3], 3],
    [[1, 3], 2],
    [[1, 2, 9], 2],
  ])('%j → %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
