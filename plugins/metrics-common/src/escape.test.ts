import {
  assertLabelName,
  assertMetricName,
  escapePromQLString,
  escapeRegex,
  PromQLValueError,
  quotePromQLString,
} from './escape';

describe('escapePromQLString', () => {
  it.each([
    ['plain', 'driver', 'driver'],
    ['double quote', 'a"b', 'a\\"b'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['escaped quote stays inside', 'a\\"b', 'a\\\\\\"b'],
    ['newline', 'a\nb', 'a\\nb'],
    ['carriage return and tab', 'a\r\tb', 'a\\r\\tb'],
    ['NUL and other C0', 'a\u0000b\u001bc', 'a\\u0000b\\u001bc'],
    ['DEL and C1', '\u007f\u0085', '\\u007f\\u0085'],
    ['line separators', '\u2028\u2029', '\\u2028\\u2029'],
    ['unicode passes through', 'café-ñ-日本-🚀', 'café-ñ-日本-🚀'],
    [
      'selector break-out attempt',
      'driver"} or vector(1) or {x="',
      'driver\\"} or vector(1) or {x=\\"',
    ],
    ['backtick and single quote are literal', "`'", "`'"],
  ])('%s', (_name, input, expected) => {
    expect(escapePromQLString(input)).toBe(expected);
  });

  it('rejects a lone surrogate', () => {
    expect(() => escapePromQLString('a\ud800b')).toThrow(PromQLValueError);
  });

  it('round-trips through a Go/JSON-compatible unquote', () => {
    // PromQL unquotes double-quoted strings like Go; for these escapes JSON agrees with Go.
    for (const value of [
      'a"b',
      'a\\"b',
      'x\ny',
      '\u0000',
      'driver"} or vector(1) or {x="',
      '日本',
    ]) {
      expect(JSON.parse(quotePromQLString(value))).toBe(value);
    }
  });
});

describe('escapeRegex', () => {
  it.each([
    ['plain', 'driver', 'driver'],
    ['dots', 'default.driver', 'default\\.driver'],
    ['alternation and wildcards', 'x|.*', 'x\\|\\.\\*'],
    [
      'all metacharacters',
      '\\.+*?()|[]{}^$',
      '\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$',
    ],
    ['dash and slash stay', 'a-b/c', 'a-b/c'],
  ])('%s', (_name, input, expected) => {
    expect(escapeRegex(input)).toBe(expected);
  });

  it('matches only the literal', () => {
    for (const value of ['a.b', 'x|.*', '(a)+', '^$', 'a\\b', '[z]{2}']) {
      const re = new RegExp(`^(?:${escapeRegex(value)})$`);
      expect(re.test(value)).toBe(true);
      expect(re.test(`${value}x`)).toBe(false);
    }
    expect(new RegExp(`^(?:${escapeRegex('a.b')})$`).test('axb')).toBe(false);
  });
});

describe('names', () => {
  it.each(['route', 'destination_version', '__name__', '_x1'])(
    'accepts label name %s',
    name => expect(assertLabelName(name)).toBe(name),
  );
  it.each(['', '1a', 'a-b', 'a"b', 'a}b', 'ä'])('rejects label name %j', name =>
    expect(() => assertLabelName(name)).toThrow(PromQLValueError),
  );
  it.each(['kong_http_requests_total', 'job:rate5m', '_x'])(
    'accepts metric name %s',
    name => expect(assertMetricName(name)).toBe(name),
  );
  it.each(['', '1x', 'a{b', 'a b', 'vector(1)'])(
    'rejects metric name %j',
    name => expect(() => assertMetricName(name)).toThrow(PromQLValueError),
  );
});
