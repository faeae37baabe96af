import {
  subsetProblems,
  trafficChange,
  trafficPoliciesEqual,
  weightPresets,
} from './policy';

const subsets = [
  { name: 'v1', labels: { version: 'v1' }, readyPods: 2, totalPods: 2 },
  { name: 'v2', labels: { version: 'v2' }, readyPods: 0, totalPods: 1 },
];
const current = {
  weights: [
    { subset: 'v1', weight: 100 },
    { subset: 'v2', weight: 0 },
  ],
  resilience: {},
};

describe('trafficChange', () => {
  it.each([
    ['nothing', current, { weights: false, resilience: false }],
    [
      'order and zero-weight entries only',
      { ...current, weights: [{ subset: 'v1', weight: 100 }] },
      { weights: false, resilience: false },
    ],
    [
      'weights',
      {
        ...current,
        weights: [
          { subset: 'v1', weight: 80 },
          { subset: 'v2', weight: 20 },
        ],
      },
      { weights: true, resilience: false },
    ],
    [
      'resilience',
      { ...current, resilience: { timeout: '2s' } },
      { weights: false, resilience: true },
    ],
    [
      'an empty fault object is no change',
      { ...current, resilience: { fault: {} } },
      { weights: false, resilience: false },
    ],
    [
      'both',
      {
        weights: [{ subset: 'v2', weight: 100 }],
        resilience: { retries: { attempts: 1 } },
      },
      { weights: true, resilience: true },
    ],
  ])('%s', (_name, after, expected) => {
    expect(trafficChange(current, after)).toEqual(expected);
    expect(trafficPoliciesEqual(current, after)).toBe(
      !expected.weights && !expected.resilience,
    );
  });

  it('compares resilience fields regardless of key order', () => {
    expect(
      trafficChange(
        {
          ...current,
          resilience: {
            retries: { attempts: 2, retryOn: '5xx' },
            timeout: '1s',
          },
        },
        {
          ...current,
          resilience: {
            timeout: '1s',
            retries: { retryOn: '5xx', attempts: 2 },
          },
        },
      ).resilience,
    ).toBe(false);
  });
});

describe('subsetProblems', () => {
  it.each([
    ['no problem', [{ subset: 'v1', weight: 100 }], []],
    [
      'an unknown subset',
      [
        { subset: 'v1', weight: 90 },
        { subset: 'v3', weight: 10 },
      ],
      ['unknown-subset:v3'],
    ],
    [
      'weight to a subset without ready pods',
      [
        { subset: 'v1', weight: 80 },
        { subset: 'v2', weight: 20 },
      ],
      ['no-ready-pods:v2'],
    ],
    [
      'zero weight to a subset without ready pods',
      [
        { subset: 'v1', weight: 100 },
        { subset: 'v2', weight: 0 },
      ],
      [],
    ],
  ])('%s', (_name, weights, expected) => {
    expect(
      subsetProblems({ weights, resilience: {} }, subsets, current).map(
        p => `${p.kind}:${p.subset}`,
      ),
    ).toEqual(expected);
  });

  it('does not block reducing the weight of a subset that already lost its pods', () => {
    const now = {
      weights: [
        { subset: 'v1', weight: 50 },
        { subset: 'v2', weight: 50 },
      ],
      resilience: {},
    };
    expect(
      subsetProblems(
        {
          weights: [
            { subset: 'v1', weight: 70 },
            { subset: 'v2', weight: 30 },
          ],
          resilience: {},
        },
        subsets,
        now,
      ),
    ).toEqual([]);
  });

  it('explains the problem', () => {
    expect(
      subsetProblems(
        { weights: [{ subset: 'v9', weight: 100 }], resilience: {} },
        subsets,
        current,
      )[0].message,
    ).toBe('subset v9 is not defined in the DestinationRule (known: v1, v2)');
  });
});

describe('weightPresets', () => {
  it('offers canary, half, promote and roll back for two subsets', () => {
    expect(
      weightPresets(['v1', 'v2']).map(p => [
        p.id,
        p.label,
        p.weights.map(w => w.weight),
      ]),
    ).toEqual([
      ['canary-10', '90/10 (v1/v2)', [90, 10]],
      ['half', '50/50 (v1/v2)', [50, 50]],
      ['promote', 'Promote v2 to 100/0', [0, 100]],
      ['rollback', 'Roll back to v1', [100, 0]],
    ]);
  });

  it('gives a third subset no weight and offers nothing for one subset', () => {
    expect(weightPresets(['v1', 'v2', 'v3'])[0].weights).toEqual([
      { subset: 'v1', weight: 90 },
      { subset: 'v2', weight: 10 },
      { subset: 'v3', weight: 0 },
    ]);
    expect(weightPresets(['v1'])).toEqual([]);
  });
});
