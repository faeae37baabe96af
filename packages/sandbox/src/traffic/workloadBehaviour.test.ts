import { parseWorkloadBehaviour } from './workloadBehaviour';

describe('parseWorkloadBehaviour', () => {
  it.each([
    [
      'error-rate=0.08, median-latency-ms=400',
      { errorRate: 0.08, medianLatencyMs: 400 },
    ],
    ['error-rate=1', { errorRate: 1 }],
    ['median-latency-ms = 25', { medianLatencyMs: 25 }],
    ['', {}],
  ])('%j', (value, behaviour) => {
    expect(parseWorkloadBehaviour(value)).toEqual({ behaviour });
  });

  it.each([
    ['error-rate=1.5', 'error-rate 1.5 is above 1'],
    ['median-latency-ms=0', 'median-latency-ms 0 is not in (0, 60000]'],
    ['latency=5', 'unknown key "latency"'],
    ['error-rate=-1', '"error-rate=-1" is not key=number'],
  ])('refuses %j', (value, error) => {
    expect(parseWorkloadBehaviour(value)).toEqual({
      error: expect.stringContaining(error),
    });
  });
});
