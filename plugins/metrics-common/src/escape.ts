/**
 * Escaping for values that end up inside PromQL: string literals follow Go's quoting rules
 * (the PromQL lexer unquotes them with `strconv.Unquote`), regex matchers are RE2 and fully
 * anchored by Prometheus. Values from annotations go through these functions, never raw.
 */

/** Thrown when a value cannot be represented safely in a PromQL query. @public */
export class PromQLValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLValueError';
  }
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/**
 * Escapes a value for a double-quoted PromQL string literal (without the quotes). Backslash,
 * double quote and line breaks get their Go escapes; every other control character (C0, DEL,
 * C1) and the Unicode line/paragraph separators become `\uXXXX`, so no value can end the string
 * or the selector early. Other Unicode passes through as UTF-8. Lone surrogates (not valid
 * UTF-8) are rejected.
 * @public
 */
export function escapePromQLString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new PromQLValueError(
        `Value ${JSON.stringify(value)} contains a lone UTF-16 surrogate`,
      );
    }
    const named = NAMED_ESCAPES[char];
    if (named) {
      out += named;
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029
    ) {
      out += `\\u${hex4(code)}`;
    } else {
      out += char;
    }
  }
  return out;
}

/** `value` as a complete double-quoted PromQL string literal. @public */
export function quotePromQLString(value: string): string {
  return `"${escapePromQLString(value)}"`;
}

// RE2 metacharacters; everything else is literal in RE2 outside a character class.
const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/**
 * Escapes a literal for use inside an RE2 regular expression (the matcher value of `=~`/`!~`),
 * so `a.b` matches only `a.b` and `x|.*` cannot widen the match. The result still has to go
 * through {@link escapePromQLString} when it is put in the query (the selector builder does).
 * @public
 */
export function escapeRegex(value: string): string {
  return value.replace(RE2_META, '\\$&');
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Throws unless `name` is a valid Prometheus label name. @public */
export function assertLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) {
    throw new PromQLValueError(`Invalid label name ${JSON.stringify(name)}`);
  }
  return name;
}

/** Throws unless `name` is a valid Prometheus metric name. @public */
export function assertMetricName(name: string): string {
  if (!METRIC_NAME.test(name)) {
    throw new PromQLValueError(`Invalid metric name ${JSON.stringify(name)}`);
  }
  return name;
}
