import { recordLoadFailures } from './loadFailures';

const ok: PromiseSettledResult<unknown> = { status: 'fulfilled', value: 1 };
const rejected = (reason: string): PromiseSettledResult<unknown> => ({
  status: 'rejected',
  reason: new Error(reason),
});

describe('recordLoadFailures', () => {
  it.each([
    { name: 'no requests', settled: [], kept: 0, failed: false, counted: 0 },
    {
      name: 'all answered',
      settled: [ok, ok],
      kept: 0,
      failed: false,
      counted: 0,
    },
    {
      name: 'one rejected',
      settled: [ok, rejected('a')],
      kept: 0,
      failed: true,
      counted: 1,
      reasons: ['Error: a'],
    },
    {
      name: 'several rejected: the first reason only',
      settled: [rejected('a'), rejected('b')],
      kept: 0,
      failed: true,
      counted: 1,
      reasons: ['Error: a'],
    },
    {
      name: 'three reasons kept already',
      settled: [rejected('d')],
      kept: 3,
      failed: true,
      counted: 1,
      reasons: ['x0', 'x1', 'x2'],
    },
  ])('$name', ({ settled, kept, failed, counted, reasons }) => {
    const result = {
      failedLoads: 0,
      failures: Array.from({ length: kept }, (_, i) => `x${i}`),
    };
    expect(recordLoadFailures(result, settled)).toBe(failed);
    expect(result.failedLoads).toBe(counted);
    expect(result.failures).toEqual(reasons ?? result.failures.slice(0, kept));
  });
});
