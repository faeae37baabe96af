import {
  LabelSelectorParseError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

const web = {
  app: 'web',
  tier: 'frontend',
  'backstage.io/kubernetes-id': 'driver',
};

describe('parseLabelSelector', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['app=web', [{ key: 'app', operator: 'equals', value: 'web' }]],
    ['app==web', [{ key: 'app', operator: 'equals', value: 'web' }]],
    ['app!=web', [{ key: 'app', operator: 'notEquals', value: 'web' }]],
    ['app = web', [{ key: 'app', operator: 'equals', value: 'web' }]],
    ['app=', [{ key: 'app', operator: 'equals', value: '' }]],
    ['tier in (a, b)', [{ key: 'tier', operator: 'in', values: ['a', 'b'] }]],
    ['tier notin (a)', [{ key: 'tier', operator: 'notin', values: ['a'] }]],
    ['app', [{ key: 'app', operator: 'exists' }]],
    ['!canary', [{ key: 'canary', operator: 'doesNotExist' }]],
    [
      'app=web,tier in (x,y),!canary',
      [
        { key: 'app', operator: 'equals', value: 'web' },
        { key: 'tier', operator: 'in', values: ['x', 'y'] },
        { key: 'canary', operator: 'doesNotExist' },
      ],
    ],
    [
      'backstage.io/kubernetes-id=driver',
      [
        {
          key: 'backstage.io/kubernetes-id',
          operator: 'equals',
          value: 'driver',
        },
      ],
    ],
  ])('parses %j', (selector, expected) => {
    expect(parseLabelSelector(selector)).toEqual(expected);
  });

  it.each([
    'app=web,',
    ',app',
    'app in (a',
    'app in a)',
    'app=a=b',
    'app===b',
    '-bad=key',
    'app=bad value',
    'app in ()x',
    `app=${'v'.repeat(64)}`,
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorParseError);
  });
});

describe('matchesLabelSelector', () => {
  it.each([
    ['', web, true],
    ['app=web', web, true],
    ['app==web', web, true],
    ['app=api', web, false],
    ['app!=api', web, true],
    ['app!=web', web, false],
    ['missing!=x', web, true],
    ['tier in (frontend,backend)', web, true],
    ['tier in (backend)', web, false],
    ['missing in (x)', web, false],
    ['tier notin (backend)', web, true],
    ['tier notin (frontend)', web, false],
    ['missing notin (x)', web, true],
    ['app', web, true],
    ['missing', web, false],
    ['!missing', web, true],
    ['!app', web, false],
    ['app=web,tier=frontend', web, true],
    ['app=web,tier=backend', web, false],
    ['backstage.io/kubernetes-id=driver', web, true],
    ['app=web', undefined, false],
    ['!app', undefined, true],
  ])('%j on %j is %s', (selector, labels, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });
});
