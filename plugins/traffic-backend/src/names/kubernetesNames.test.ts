import {
  isArgoCdApplicationName,
  isDns1123Label,
  isDns1123Subdomain,
} from './kubernetesNames';

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
    ['a'.repeat(254), false, false],
  ])('%j: label %s, subdomain %s', (value, label, subdomain) => {
    expect(isDns1123Label(value)).toBe(label);
    expect(isDns1123Subdomain(value)).toBe(subdomain);
    expect(isArgoCdApplicationName(value)).toBe(subdomain);
  });
});
