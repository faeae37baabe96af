import {
  isDns1123Label,
  isDns1123Subdomain,
  isKongName,
  isKubernetesLabelValue,
} from './names';

describe('Kubernetes names', () => {
  it.each([
    ['nginx-ab', true, true],
    ['a', true, true],
    ['nginx-ab.v2', false, true],
    ['.', false, false],
    ['..', false, false],
    ['../secrets', false, false],
    ['a/b', false, false],
    ['nginx%2F..', false, false],
    ['app?x=1', false, false],
    ['app#frag', false, false],
    ['App', false, false],
    ['-app', false, false],
    ['app-', false, false],
    ['a..b', false, false],
    ['', false, false],
    [' app', false, false],
    ['a'.repeat(63), true, true],
    ['a'.repeat(64), false, true],
    ['a'.repeat(253), false, true],
    ['a'.repeat(254), false, false],
  ])('%j: label %s, subdomain %s', (value, label, subdomain) => {
    expect(isDns1123Label(value)).toBe(label);
    expect(isDns1123Subdomain(value)).toBe(subdomain);
  });
});

describe('isKubernetesLabelValue', () => {
  it.each([
    ['', true],
    ['v1', true],
    ['My_App.v2-1', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-a', false],
    ['a.', false],
    ['a/b', false],
    ['a b', false],
  ])('%j → %s', (value, expected) => {
    expect(isKubernetesLabelValue(value)).toBe(expected);
  });
});

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
