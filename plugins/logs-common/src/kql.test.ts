import {
  escapeKqlQuoted,
  escapeKqlUnquoted,
  kqlAnd,
  kqlAnyOf,
  kqlAtLeast,
  kqlEquals,
  kqlField,
  kqlOr,
  kqlStartsWith,
} from './kql';

describe('kqlEquals', () => {
  it.each<[string, string, string]>([
    ['plain', 'driver', 'app:"driver"'],
    ['double quote', 'a"b', 'app:"a\\"b"'],
    ['backslash', 'a\\b', 'app:"a\\\\b"'],
    [
      'quote breaking out',
      'x" or level:"error',
      'app:"x\\" or level:\\"error"',
    ],
    ['trailing backslash', 'x\\', 'app:"x\\\\"'],
    ['KQL specials stay literal in quotes', '(a:b)<c>*', 'app:"(a:b)<c>*"'],
    [
      'keywords stay literal in quotes',
      'not a or b and c',
      'app:"not a or b and c"',
    ],
    ['single quote and bang', "it's!", 'app:"it\'s!"'],
    ['whitespace controls', 'a\tb\r\nc', 'app:"a\\tb\\r\\nc"'],
    ['unicode', 'ção ✓', 'app:"ção ✓"'],
    ['empty', '', 'app:""'],
  ])('%s', (_name, value, expected) => {
    expect(kqlEquals('app', value)).toBe(expected);
  });
});

describe('escapeKqlQuoted / escapeKqlUnquoted', () => {
  it.each<[string, string, string]>([
    ['specials', '\\():<>"*', '\\\\\\(\\)\\:\\<\\>\\"\\*'],
    ['or between words', 'a or b', 'a \\or b'],
    ['and between words', 'a AND b', 'a \\AND b'],
    ['not before a word', 'not a', '\\not a'],
    ['keywords inside words stay', 'order android', 'order android'],
    ['whitespace controls', 'a\nb', 'a\\nb'],
  ])('unquoted: %s', (_name, value, expected) => {
    expect(escapeKqlUnquoted(value)).toBe(expected);
  });

  it('quoted escapes only backslash, double quote and whitespace controls', () => {
    expect(escapeKqlQuoted('\\"():*\n')).toBe('\\\\\\"():*\\n');
  });
});

describe('field names', () => {
  it.each([
    'kubernetes.labels.app',
    'kubernetes.labels.app_kubernetes_io/name',
    '@timestamp',
    'response.status',
    'http-status',
  ])('accepts %s', field => {
    expect(kqlField(field)).toBe(field);
  });

  it.each(['', 'a b', 'a:b', 'a"', '(a)', 'a*', 'a\\b', '.a', 'a\n'])(
    'rejects %j',
    field => {
      expect(() => kqlEquals(field, 'x')).toThrow(/not a valid KQL field/);
    },
  );
});

describe('combinators', () => {
  it('kqlAnyOf quotes every value', () => {
    expect(kqlAnyOf('level', ['error', 'fa"tal'])).toBe(
      'level:("error" or "fa\\"tal")',
    );
    expect(kqlAnyOf('level', ['error'])).toBe('level:"error"');
    expect(() => kqlAnyOf('level', [])).toThrow(/at least one/);
  });

  it('kqlStartsWith escapes the prefix and appends an unescaped wildcard', () => {
    expect(kqlStartsWith('service.name', 'driver.driver.')).toBe(
      'service.name:driver.driver.*',
    );
    expect(kqlStartsWith('service.name', 'a*b or c')).toBe(
      'service.name:a\\*b \\or c*',
    );
    expect(() => kqlStartsWith('service.name', '')).toThrow(/non-empty/);
  });

  it('kqlAtLeast takes finite numbers only', () => {
    expect(kqlAtLeast('status', 500)).toBe('status >= 500');
    expect(() => kqlAtLeast('status', NaN)).toThrow(/finite/);
  });

  it('kqlOr parenthesises groups so kqlAnd can combine them', () => {
    expect(kqlAnd('a:"1"', kqlOr('b:"2"', 'c >= 3'))).toBe(
      'a:"1" and (b:"2" or c >= 3)',
    );
    expect(kqlOr('b:"2"')).toBe('b:"2"');
  });
});
