import {
  isDnsLabel,
  isDnsSubdomain,
  isLabelValue,
  validateSecretTarget,
} from './kubernetesNames';

describe('Kubernetes names', () => {
  it.each([
    ['payments', true, true, true],
    ['payments-oidc', true, true, true],
    ['payments.oidc', false, true, true],
    ['Payments', false, false, true],
    ['pay_ments', false, false, true],
    ['-payments', false, false, false],
    ['', false, false, true],
    ['a'.repeat(64), false, true, false],
  ])(
    '%s: label %s, subdomain %s, label value %s',
    (value, label, subdomain, labelValue) => {
      expect([
        isDnsLabel(value),
        isDnsSubdomain(value),
        isLabelValue(value),
      ]).toEqual([label, subdomain, labelValue]);
    },
  );

  it('names every invalid part of a Secret target', () => {
    expect(() =>
      validateSecretTarget({ namespace: 'Pay', name: 'x_y' }),
    ).toThrow(
      "Invalid secretTarget: namespace 'Pay' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63); Secret name 'x_y' must be a DNS-1123 subdomain",
    );
  });
});
