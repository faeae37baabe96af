import { ConfigReader } from '@backstage/config';
import { readCanaryConfig } from './readCanaryConfig';

const read = (canary?: object) =>
  readCanaryConfig(
    new ConfigReader(canary ? { opsPortal: { metrics: { canary } } } : {}),
  );

describe('readCanaryConfig', () => {
  it('defaults to a minute and Flagger thresholds', () => {
    expect(read()).toEqual({
      intervalSeconds: 60,
      thresholds: { minSuccessRate: 99, maxLatencyP99Ms: 500, minRequests: 20 },
    });
  });

  it('reads every value', () => {
    expect(
      read({
        intervalSeconds: 30,
        minSuccessRate: 95,
        maxLatencyP99Ms: 800,
        minRequests: 5,
      }),
    ).toEqual({
      intervalSeconds: 30,
      thresholds: { minSuccessRate: 95, maxLatencyP99Ms: 800, minRequests: 5 },
    });
  });

  it.each([
    [{ intervalSeconds: 10 }, "'opsPortal.metrics.canary.intervalSeconds': 10"],
    [{ intervalSeconds: 90.5 }, 'intervalSeconds'],
    [{ minSuccessRate: 120 }, 'min-success-rate must be a percentage'],
    [{ minRequests: 0 }, 'min-requests must be a whole number'],
  ])('refuses %j', (canary, message) => {
    expect(() => read(canary)).toThrow(message);
  });
});
