import { driverState, noReadyV2State } from '../../__testUtils__/fixtures';
import { checkEdit } from './checkEdit';
import { resilienceFormFrom, resiliencePolicyFrom } from './resilienceForm';
import {
  initialWeightInputs,
  parseWeight,
  weightsFromInputs,
} from './weightsForm';

const untouched = () => ({
  state: driverState,
  weightInputs: initialWeightInputs(driverState),
  resilienceForm: resilienceFormFrom(driverState.desired.resilience),
  force: false,
});

describe('parseWeight', () => {
  it.each([
    ['0', 0],
    ['100', 100],
    [' 42 ', 42],
    ['101', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['', undefined],
    ['ten', undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseWeight(input)).toBe(expected);
  });
});

describe('weightsFromInputs', () => {
  it('keeps routed subsets at 0 and leaves unrouted ones out unless they get weight', () => {
    const rows = [
      { subset: 'v1', declared: true },
      { subset: 'v2', declared: true },
      { subset: 'v3', declared: true },
    ];
    const routed = [
      { subset: 'v1', weight: 90 },
      { subset: 'v2', weight: 10 },
    ];
    expect(
      weightsFromInputs(rows, { v1: '100', v2: '0', v3: '0' }, routed),
    ).toEqual([
      { subset: 'v1', weight: 100 },
      { subset: 'v2', weight: 0 },
    ]);
    expect(
      weightsFromInputs(rows, { v1: '80', v2: '10', v3: '10' }, routed),
    ).toEqual([
      { subset: 'v1', weight: 80 },
      { subset: 'v2', weight: 10 },
      { subset: 'v3', weight: 10 },
    ]);
  });
});

describe('resilience form', () => {
  it('round-trips a policy unchanged', () => {
    const policy = {
      fault: {
        delay: { fixedDelay: '2s', percentage: 5 },
        abort: { httpStatus: 503, percentage: 1.5 },
      },
      retries: { attempts: 2 },
      timeout: '3s',
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
      consistentHashHeader: 'x-user',
    };
    expect(resiliencePolicyFrom(resilienceFormFrom(policy))).toEqual(policy);
    expect(resiliencePolicyFrom(resilienceFormFrom({}))).toEqual({});
  });
});

describe('checkEdit', () => {
  it('offers Preview for the current policy but has nothing to save', () => {
    const check = checkEdit(untouched());
    expect(check.previewBlockers).toEqual([]);
    expect(check.saveBlockers).toEqual([
      'Nothing to save: this is the current policy.',
    ]);
  });

  it('blocks on a sum other than 100 with the sum in the message', () => {
    const check = checkEdit({
      ...untouched(),
      weightInputs: { v1: '80', v2: '10' },
    });
    expect(check.sum).toBe(90);
    expect(check.saveBlockers).toEqual([
      'The weights sum to 90%; they must sum to exactly 100% to save.',
    ]);
  });

  it('blocks on a weight that is not a whole number', () => {
    const check = checkEdit({
      ...untouched(),
      weightInputs: { v1: '89.5', v2: '10' },
    });
    expect(check.invalidWeights).toEqual(['v1']);
    expect(check.saveBlockers).toEqual([
      'The weight for v1 must be a whole number from 0 to 100.',
    ]);
  });

  it('allows a valid change', () => {
    const check = checkEdit({
      ...untouched(),
      weightInputs: { v1: '50', v2: '50' },
    });
    expect(check.saveBlockers).toEqual([]);
    expect(check.change).toEqual({ weights: true, resilience: false });
    expect(check.policy.weights).toEqual([
      { subset: 'v1', weight: 50 },
      { subset: 'v2', weight: 50 },
    ]);
  });

  it('needs force to give more weight to a subset without ready pods', () => {
    const base = {
      ...untouched(),
      state: noReadyV2State,
      weightInputs: { v1: '50', v2: '50' },
    };
    const check = checkEdit(base);
    expect(check.noReadyPods.map(p => p.subset)).toEqual(['v2']);
    expect(check.saveBlockers).toEqual([
      'Tick "Force" to send more traffic to v2, which has no ready pods.',
    ]);
    expect(checkEdit({ ...base, force: true }).saveBlockers).toEqual([]);
    // Taking weight away from it needs no force.
    expect(
      checkEdit({ ...base, weightInputs: { v1: '95', v2: '5' } }).noReadyPods,
    ).toEqual([]);
  });

  it('puts schema messages next to the resilience fields', () => {
    const form = resilienceFormFrom({});
    form.delay = { enabled: true, fixedDelay: '5 seconds', percentage: '150' };
    form.retries = {
      enabled: true,
      attempts: '',
      perTryTimeout: '',
      retryOn: '',
    };
    form.consistentHash = { enabled: true, header: 'bad header' };
    const check = checkEdit({ ...untouched(), resilienceForm: form });
    expect(check.fieldErrors).toEqual({
      'delay.fixedDelay':
        'fault delay must be an Istio duration such as 100ms, 1.5s, 2m or 1h',
      'delay.percentage': 'fault delay percentage must be between 0 and 100',
      'retries.attempts': 'retry attempts must be a number',
      'consistentHash.header':
        'consistent-hash header must be an HTTP header name',
    });
    expect(check.saveBlockers).toEqual([
      'Fix the resilience settings marked in red.',
    ]);
  });
});
