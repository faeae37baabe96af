import { isTrafficNotConfigured } from './types';

describe('isTrafficNotConfigured', () => {
  it.each([
    [
      'the not-configured body',
      {
        notConfigured: {
          reason: 'missing-annotation',
          annotation: 'backstage.io/kubernetes-id',
          message: 'add it',
        },
      },
      true,
    ],
    ['a state', { entityRef: 'component:default/x', subsets: [] }, false],
    ['a null detail', { notConfigured: null }, false],
    ['a string detail', { notConfigured: 'yes' }, false],
    ['null', null, false],
    ['a string', 'notConfigured', false],
  ])('%s → %s', (_name, body, expected) => {
    expect(isTrafficNotConfigured(body)).toBe(expected);
  });
});
