import { judgeCanary } from '@internal/plugin-metrics-common';
import { Rollout, SubsetWeight } from '@internal/plugin-traffic-common';
import {
  afterAnalysis,
  planRolloutTick,
  RolloutObservation,
} from './rolloutDecision';

const T0 = '2026-12-05T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000);

const split = (v1: number, v2: number): SubsetWeight[] => [
  { subset: 'v1', weight: v1 },
  { subset: 'v2', weight: v2 },
];

function rollout(overrides: Partial<Rollout> = {}): Rollout {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    entityRef: 'component:default/nginx-ab',
    canarySubset: 'v2',
    stableSubset: 'v1',
    plan: { steps: [10, 25, 50, 100], intervalSeconds: 60, maxFailedChecks: 2 },
    status: 'running',
    phase: 'apply',
    stepIndex: 0,
    failedChecks: 0,
    phaseSince: T0,
    expectedWeights: split(100, 0),
    message: 'Started',
    startedBy: 'user:default/guest',
    startedAt: T0,
    updatedAt: T0,
    events: [],
    revision: 1,
    ...overrides,
  };
}

function observed(
  desired: SubsetWeight[],
  live: SubsetWeight[] = desired,
  sync: RolloutObservation['sync'] = 'synced',
): RolloutObservation {
  return { subsets: ['v1', 'v2'], desired, live, sync };
}

const timings = (seconds: number) => ({
  now: at(seconds),
  waitTimeoutMs: 600_000,
});

describe('planRolloutTick', () => {
  it.each([
    {
      name: 'apply writes the step when the weights are the expected ones',
      rollout: rollout(),
      observation: observed(split(100, 0)),
      write: split(90, 10),
      set: { phase: 'wait', expectedWeights: split(90, 10) },
    },
    {
      name: 'apply finds the step already written (a tick cut short after its write) and writes nothing',
      rollout: rollout(),
      observation: observed(split(90, 10)),
      write: undefined,
      set: { phase: 'wait', expectedWeights: split(90, 10) },
    },
    {
      name: 'apply pauses on weights a person changed',
      rollout: rollout(),
      observation: observed(split(70, 30)),
      write: undefined,
      set: { status: 'paused' },
    },
    {
      name: 'the third step gives the canary 50 %',
      rollout: rollout({ stepIndex: 2, expectedWeights: split(75, 25) }),
      observation: observed(split(75, 25)),
      write: split(50, 50),
      set: { phase: 'wait', expectedWeights: split(50, 50) },
    },
    {
      name: 'wait moves to analyse once the step is synced and live',
      rollout: rollout({ phase: 'wait', expectedWeights: split(90, 10) }),
      observation: observed(split(90, 10)),
      write: undefined,
      set: { phase: 'analyse', phaseSince: at(5).toISOString() },
    },
    {
      name: 'wait pauses on weights a person changed',
      rollout: rollout({ phase: 'wait', expectedWeights: split(90, 10) }),
      observation: observed(split(50, 50), split(90, 10)),
      write: undefined,
      set: { status: 'paused' },
    },
    {
      name: 'analyse pauses on weights a person changed',
      rollout: rollout({ phase: 'analyse', expectedWeights: split(90, 10) }),
      observation: observed(split(100, 0)),
      write: undefined,
      set: { status: 'paused' },
    },
    {
      name: 'rollback writes all weight to the stable subset and ends failed',
      rollout: rollout({
        phase: 'rollback',
        expectedWeights: split(75, 25),
        message: 'Failed at step 2',
      }),
      observation: observed(split(75, 25)),
      write: split(100, 0),
      set: { status: 'failed', message: 'Failed at step 2' },
    },
    {
      name: 'rollback already written ends failed without a write',
      rollout: rollout({ phase: 'rollback', expectedWeights: split(75, 25) }),
      observation: observed(split(100, 0)),
      write: undefined,
      set: { status: 'failed' },
    },
    {
      name: 'abort writes all weight to the stable subset and ends aborted',
      rollout: rollout({ phase: 'abort', expectedWeights: split(50, 50) }),
      observation: observed(split(50, 50)),
      write: split(100, 0),
      set: { status: 'aborted' },
    },
    {
      name: 'promote writes all weight to the canary and ends succeeded',
      rollout: rollout({ phase: 'promote', expectedWeights: split(90, 10) }),
      observation: observed(split(90, 10)),
      write: split(0, 100),
      set: { status: 'succeeded' },
    },
  ])('$name', ({ rollout: r, observation, write, set }) => {
    const tick = planRolloutTick(r, observation, timings(5));
    expect(tick.kind).toBe('change');
    if (tick.kind !== 'change') return;
    expect(tick.change.write).toEqual(write);
    expect(tick.change.set).toMatchObject(set);
    expect(tick.change.events.length).toBeGreaterThan(0);
  });

  it.each([
    {
      name: 'wait is idle while Argo CD has not synced',
      rollout: rollout({ phase: 'wait', expectedWeights: split(90, 10) }),
      observation: observed(split(90, 10), split(100, 0), 'pending'),
      seconds: 30,
      kind: 'idle',
    },
    {
      name: 'analyse is idle before the interval has passed',
      rollout: rollout({ phase: 'analyse', expectedWeights: split(90, 10) }),
      observation: observed(split(90, 10)),
      seconds: 59,
      kind: 'idle',
    },
    {
      name: 'analyse is due once the interval has passed',
      rollout: rollout({ phase: 'analyse', expectedWeights: split(90, 10) }),
      observation: observed(split(90, 10)),
      seconds: 60,
      kind: 'analyse',
    },
  ])('$name', ({ rollout: r, observation, seconds, kind }) => {
    expect(planRolloutTick(r, observation, timings(seconds)).kind).toBe(kind);
  });

  it('pauses a step that is not live within the wait timeout, saying so', () => {
    const tick = planRolloutTick(
      rollout({ phase: 'wait', expectedWeights: split(90, 10) }),
      observed(split(90, 10), split(100, 0), 'pending'),
      { now: at(601), waitTimeoutMs: 600_000 },
    );
    expect(tick).toMatchObject({
      kind: 'change',
      change: {
        set: {
          status: 'paused',
          message: expect.stringContaining('was not live after 601 s'),
        },
      },
    });
  });
});

const THRESHOLDS = {
  minSuccessRate: 99,
  maxLatencyP99Ms: 500,
  minRequests: 20,
};
const verdict = (
  requests: number,
  errors: number,
  latencyP99Ms: number | null,
) => judgeCanary({ version: 'v2', requests, errors, latencyP99Ms }, THRESHOLDS);

describe('afterAnalysis', () => {
  it.each([
    {
      name: 'a passed check moves to the next step, failed checks unchanged',
      rollout: rollout({ phase: 'analyse', stepIndex: 1, failedChecks: 1 }),
      verdict: verdict(1000, 5, 120),
      set: { phase: 'apply', stepIndex: 2, failedChecks: undefined },
      events: ['check-passed'],
    },
    {
      name: 'a passed check at the last step ends succeeded',
      rollout: rollout({ phase: 'analyse', stepIndex: 3 }),
      verdict: verdict(1000, 0, 120),
      set: { status: 'succeeded' },
      events: ['check-passed', 'succeeded'],
    },
    {
      name: 'a failed check under the limit is counted and analysed again',
      rollout: rollout({ phase: 'analyse', stepIndex: 1 }),
      verdict: verdict(1000, 80, 900),
      set: { phase: 'analyse', failedChecks: 1, stepIndex: undefined },
      events: ['check-failed'],
    },
    {
      name: 'an inconclusive check (an idle canary) counts as failed, as in Flagger',
      rollout: rollout({ phase: 'analyse' }),
      verdict: verdict(3, 0, 100),
      set: { phase: 'analyse', failedChecks: 1 },
      events: ['check-failed'],
    },
    {
      name: 'reaching the limit of failed checks goes to the rollback',
      rollout: rollout({ phase: 'analyse', stepIndex: 1, failedChecks: 1 }),
      verdict: verdict(1000, 80, 900),
      set: {
        phase: 'rollback',
        failedChecks: 2,
        message:
          'Failed at step 2/4 (v2 at 25%) after 2 failed checks: success rate 92% < 99%, p99 900 ms > 500 ms; rolled back to v1',
      },
      events: ['check-failed'],
    },
  ])('$name', ({ rollout: r, verdict: v, set, events }) => {
    const change = afterAnalysis(r, v, at(60));
    expect(change.write).toBeUndefined();
    for (const [key, value] of Object.entries(set)) {
      expect(change.set[key as keyof typeof change.set]).toEqual(value);
    }
    expect(change.events.map(e => e.kind)).toEqual(events);
  });

  it('keeps the figures a check was judged on in its event', () => {
    const change = afterAnalysis(
      rollout({ phase: 'analyse' }),
      verdict(1000, 80, 900),
      at(60),
    );
    expect(change.events[0].verdict).toEqual({
      status: 'failed',
      requests: 1000,
      successRate: 92,
      latencyP99Ms: 900,
      problems: ['success rate 92% < 99%', 'p99 900 ms > 500 ms'],
    });
  });
});
