import { isKongName, parseKongServiceAnnotation } from './kongNames';

describe('isKongName', () => {
  it.each([
    ['driver.driver.pnum-80', true],
    ['driver', true],
    ['Driver_API~v2', true],
    ['0b1d5f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', true],
    ['.', false],
    ['..', false],
    ['../plugins', false],
    ['.hidden', false],
    ['a/b', false],
    ['a%2Fb', false],
    ['a?x=1', false],
    ['a#b', false],
    ['a b', false],
    ['', false],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
  ])('%j → %s', (value, expected) => {
    expect(isKongName(value)).toBe(expected);
  });
});

describe('parseKongServiceAnnotation', () => {
  it.each([
    [undefined, [], []],
    ['', [], []],
    ['a, b.c ,', ['a', 'b.c'], []],
    ['good, .., ../admin', ['good'], ['..', '../admin']],
  ])('%j', (value, names, invalid) => {
    expect(parseKongServiceAnnotation(value)).toEqual({ names, invalid });
  });
});
