import { InputError } from '@backstage/errors';
import { METRICS_RANGES, metricsWindow } from './window';

/** Points of one series over the window: one per step, both ends included. */
const points = (w: { start: number; end: number; stepSeconds: number }) =>
  (w.end - w.start) / w.stepSeconds + 1;

describe('metricsWindow', () => {
  const end = 1_764_000_000;

  it.each([
    ['15m', 15, 61],
    ['1h', 30, 121],
    ['6h', 180, 121],
    ['24h', 720, 121],
  ] as const)(
    '%s: step %i s, %i points per series',
    (range, step, expected) => {
      const window = metricsWindow(range, end);
      expect(window.stepSeconds).toBe(step);
      expect(points(window)).toBe(expected);
    },
  );

  it('keeps every series of every range at 250 points or fewer', () => {
    for (const range of METRICS_RANGES) {
      expect(points(metricsWindow(range, end))).toBeLessThanOrEqual(250);
    }
  });

  it('aligns the end down to the step, so loads within one step share a query', () => {
    const a = metricsWindow('1h', end + 1);
    const b = metricsWindow('1h', end + 29);
    expect(a).toEqual(b);
    expect(a.end % a.stepSeconds).toBe(0);
  });

  it('refuses an end before the range', () => {
    expect(() => metricsWindow('1h', 100)).toThrow(InputError);
  });
});
