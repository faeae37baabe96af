import { serviceLabels, systemLabelValue, versionSelector } from './labels';

describe('systemLabelValue', () => {
  it.each([
    ['system:default/shop', 'shop'],
    ['default/shop', 'shop'],
    ['shop', 'shop'],
    ['System:team-a/shop.v2', 'shop.v2'],
  ])('%s → %s', (system, label) => {
    expect(systemLabelValue(system)).toBe(label);
  });

  it.each(['system:default/', 'shop!', `${'a'.repeat(64)}`])(
    'refuses %s',
    system => {
      expect(() => systemLabelValue(system)).toThrow(
        'cannot be used as the label app.kubernetes.io/part-of',
      );
    },
  );
});

describe('serviceLabels', () => {
  it.each([
    [
      'with a system',
      { name: 'orders', system: 'system:default/shop' },
      {
        app: 'orders',
        'app.kubernetes.io/name': 'orders',
        'app.kubernetes.io/part-of': 'shop',
        'backstage.io/kubernetes-id': 'orders',
      },
    ],
    [
      'without a system',
      { name: 'orders' },
      {
        app: 'orders',
        'app.kubernetes.io/name': 'orders',
        'backstage.io/kubernetes-id': 'orders',
      },
    ],
  ])('%s', (_case, request, labels) => {
    expect(serviceLabels(request)).toEqual(labels);
  });

  it('selects one version', () => {
    expect(versionSelector('orders')).toEqual({ app: 'orders', version: 'v1' });
    expect(versionSelector('orders', 'v2')).toEqual({
      app: 'orders',
      version: 'v2',
    });
  });
});
