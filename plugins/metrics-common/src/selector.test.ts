import { escapeRegex } from './escape';
import { buildSelector } from './selector';

describe('buildSelector', () => {
  it.each([
    ['exact values', 'up', { job: 'api' }, 'up{job="api"}'],
    ['no labels', 'up', {}, 'up{}'],
    [
      'operators in map order',
      'm',
      {
        a: 'x',
        b: { op: '!=', value: 'y' },
        c: { op: '=~', value: '5..' },
        d: { op: '!~', value: 'z|w' },
      },
      'm{a="x",b!="y",c=~"5..",d!~"z|w"}',
    ],
    [
      'no metric name',
      undefined,
      { __name__: { op: '=~', value: 'a|b' } },
      '{__name__=~"a|b"}',
    ],
    [
      'injection attempt stays one value',
      'm',
      { service: 'driver"} or vector(1) or {x="' },
      'm{service="driver\\"} or vector(1) or {x=\\""}',
    ],
    [
      'escaped-quote attempt',
      'm',
      { service: 'a\\"b' },
      'm{service="a\\\\\\"b"}',
    ],
    ['newline', 'm', { service: 'a\nb' }, 'm{service="a\\nb"}'],
    [
      'escaped regex literal is escaped again for the string',
      'm',
      {
        service: { op: '=~', value: `${escapeRegex('ns.svc')}\\.pnum-[0-9]+` },
      },
      'm{service=~"ns\\\\.svc\\\\.pnum-[0-9]+"}',
    ],
  ] as const)('%s', (_name, metric, matchers, expected) => {
    expect(buildSelector(metric, matchers as any)).toBe(expected);
  });

  it('rejects invalid label and metric names', () => {
    expect(() => buildSelector('m', { 'a"}': 'x' })).toThrow(
      /Invalid label name/,
    );
    expect(() => buildSelector('m{', {})).toThrow(/Invalid metric name/);
  });
});
