import { validateSecretTarget } from './kubernetesNames';

describe('validateSecretTarget', () => {
  it('names every invalid part of a Secret target', () => {
    expect(() =>
      validateSecretTarget({ namespace: 'Pay', name: 'x_y' }),
    ).toThrow(
      "Invalid secretTarget: namespace 'Pay' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63); Secret name 'x_y' must be a DNS-1123 subdomain",
    );
  });
});
