import { CanaryVerdict } from '@internal/plugin-metrics-react';
import { driverState } from '../../__testUtils__/fixtures';
import { subsetsReceivingTraffic } from './CanaryVerdicts';

const verdict = (version: string, requests: number): CanaryVerdict => ({
  version,
  status: 'inconclusive',
  requests,
  successRate: null,
  latencyP99Ms: null,
  checks: [],
});

const withWeights = (v1: number, v2: number) => ({
  ...driverState,
  live: {
    ...driverState.live,
    weights: [
      { subset: 'v1', weight: v1 },
      { subset: 'v2', weight: v2 },
    ],
  },
});

describe('subsetsReceivingTraffic', () => {
  it.each([
    ['both weighted', withWeights(90, 10), [], ['v1', 'v2']],
    [
      'one weighted, no requests elsewhere',
      withWeights(100, 0),
      [verdict('v2', 0)],
      ['v1'],
    ],
    [
      'one weighted, the other still answering',
      withWeights(100, 0),
      [verdict('v2', 3)],
      ['v1', 'v2'],
    ],
    ['nothing weighted, nothing measured', withWeights(0, 0), [], []],
  ])('%s', (_, state, verdicts, expected) => {
    expect(subsetsReceivingTraffic(state, verdicts)).toEqual(expected);
  });
});
