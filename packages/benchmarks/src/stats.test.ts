import { kongAdminAnswer } from './kongAdminFixtures';
import { coldEnd, opsTabPaths } from './paths';
import { percentile, summarize } from './stats';

describe('benchmark helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(summarize([]).p95).toBeNaN();
  });

  it('gives every load its own metrics window, 30 s steps apart', () => {
    expect(coldEnd(0, 100_000) - coldEnd(1, 100_000)).toBe(30);
    expect(Object.keys(opsTabPaths(100_000))).toEqual([
      'metrics/golden-signals',
      'metrics/hpa-history',
      'kong/routes',
      'logs/error-count',
    ]);
  });

  it('pages /plugins like the Kong Admin API', () => {
    const first = kongAdminAnswer('/plugins').json as any;
    expect(first.next).toBe('/plugins?offset=page2');
    const second = kongAdminAnswer(first.next).json as any;
    expect(second.next).toBeNull();
    expect(
      kongAdminAnswer(
        '/services?tags=k8s-namespace%3Adriver%2Ck8s-name%3Adriver',
      ).json,
    ).toMatchObject({ data: [{ name: 'driver.driver.pnum-80' }] });
  });
});
