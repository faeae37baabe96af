import { driverState } from '../../__testUtils__/fixtures';
import { initialRolloutForm, rolloutRequestFromForm } from './rolloutForm';
import { availableActions, stepStates } from './describeRollout';

const ENTITY = 'component:default/driver';
const form = {
  canarySubset: 'v2',
  steps: '10, 25, 50, 100',
  intervalSeconds: '60',
  maxFailedChecks: '2',
};

describe('rolloutRequestFromForm', () => {
  it.each([
    [
      'the defaults',
      form,
      { steps: [10, 25, 50, 100], intervalSeconds: 60, maxFailedChecks: 2 },
    ],
    [
      'spaces and a trailing comma',
      { ...form, steps: ' 20 ,100, ', intervalSeconds: ' 30 ' },
      { steps: [20, 100], intervalSeconds: 30, maxFailedChecks: 2 },
    ],
  ])('reads %s', (_name, input, plan) => {
    expect(rolloutRequestFromForm(ENTITY, input)).toEqual({
      request: { entityRef: ENTITY, canarySubset: 'v2', plan },
    });
  });

  it.each([
    [{ steps: '10, 5, 100' }, 'plan.steps: steps must increase'],
    [{ steps: '10, 50' }, 'plan.steps: the last step must be 100'],
    [{ steps: 'ten, 100' }, 'plan.steps.0: each step must be a number'],
    [{ steps: '' }, 'plan.steps: a plan needs at least one step'],
    [
      { intervalSeconds: '2' },
      'plan.intervalSeconds: intervalSeconds must be at least 5',
    ],
    [
      { intervalSeconds: 'soon' },
      'plan.intervalSeconds: intervalSeconds must be a number',
    ],
    [
      { maxFailedChecks: '0' },
      'plan.maxFailedChecks: maxFailedChecks must be from 1 to 20',
    ],
    [
      { canarySubset: '' },
      'canarySubset: canarySubset must be a DNS-1123 label (a-z, 0-9, -)',
    ],
  ])('refuses %j', (change, problem) => {
    const result = rolloutRequestFromForm(ENTITY, { ...form, ...change });
    expect(result).toEqual({ problems: expect.arrayContaining([problem]) });
  });
});

describe('initialRolloutForm', () => {
  it('proposes the subset with the least weight as the canary, with the default plan', () => {
    expect(initialRolloutForm(driverState)).toEqual(form);
  });
});

describe('stepStates and availableActions', () => {
  const base = {
    plan: { steps: [10, 50, 100], intervalSeconds: 60, maxFailedChecks: 2 },
    stepIndex: 1,
  };
  it.each([
    [
      'running',
      'analyse',
      ['done', 'current', 'next'],
      ['pause', 'promote', 'abort'],
    ],
    [
      'paused',
      'wait',
      ['done', 'current', 'next'],
      ['resume', 'promote', 'abort'],
    ],
    ['running', 'rollback', ['done', 'current', 'next'], []],
    ['succeeded', 'analyse', ['done', 'done', 'done'], []],
    ['failed', 'rollback', ['done', 'current', 'next'], []],
  ] as const)('%s in %s', (status, phase, steps, actions) => {
    const rollout = { ...base, status, phase } as any;
    expect(stepStates(rollout).map(s => s.state)).toEqual(steps);
    expect(availableActions(rollout)).toEqual(actions);
  });
});
