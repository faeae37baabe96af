/*
 * KQL (Kibana Query Language) builders. Values always come from annotations, config or the
 * cluster, so they are escaped and quoted here, never concatenated raw. The escaping follows the
 * QuotedString / UnquotedLiteral rules of Kibana's KQL grammar (kuery.peg).
 */

// A field name as our config may name it: dotted paths, label keys with `/`, `@timestamp`.
// Anything else (whitespace, quotes, parentheses, `:`) would change the query's structure.
const KQL_FIELD = /^[A-Za-z0-9_@][A-Za-z0-9_@.\-/]*$/;

/**
 * Checks that a configured field name is a plain KQL field (letters, digits, `_ @ . - /`) and
 * returns it; throws otherwise, so a typo in config cannot inject KQL.
 * @public
 */
export function kqlField(field: string): string {
  if (!KQL_FIELD.test(field)) {
    throw new Error(`'${field}' is not a valid KQL field name`);
  }
  return field;
}

function escapeWhitespace(value: string): string {
  return value
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

/**
 * Escapes a value for use inside a double-quoted KQL string: backslash and double quote are
 * escaped, tab / CR / LF are written as `\t` `\r` `\n`. Inside quotes, `( ) : < > *` and the
 * keywords `and` / `or` / `not` have no meaning, so nothing else needs escaping.
 * @public
 */
export function escapeKqlQuoted(value: string): string {
  return escapeWhitespace(value.replace(/[\\"]/g, '\\$&'));
}

/**
 * Escapes a value for use as an unquoted KQL literal, as Kibana's own `escapeKuery` does: the
 * special characters `\ ( ) : < > " *`, the keywords `and` / `or` between whitespace and `not`
 * before whitespace, and tab / CR / LF. Used only where quoting is not possible: in front of a
 * trailing wildcard.
 * @public
 */
export function escapeKqlUnquoted(value: string): string {
  return escapeWhitespace(
    value
      .replace(/[\\():<>"*]/g, '\\$&')
      .replace(/(\s+)(and|or)(\s+)/gi, '$1\\$2$3')
      .replace(/not(\s+)/gi, '\\$&'),
  );
}

/**
 * `field:"value"`, the value escaped and quoted (an exact phrase match, no wildcard).
 * @public
 */
export function kqlEquals(field: string, value: string): string {
  return `${kqlField(field)}:"${escapeKqlQuoted(value)}"`;
}

/**
 * `field:("a" or "b")`: the field equals any of the values. Needs at least one value.
 * @public
 */
export function kqlAnyOf(field: string, values: readonly string[]): string {
  if (values.length === 0) {
    throw new Error(`kqlAnyOf(${field}) needs at least one value`);
  }
  if (values.length === 1) return kqlEquals(field, values[0]);
  const quoted = values.map(v => `"${escapeKqlQuoted(v)}"`).join(' or ');
  return `${kqlField(field)}:(${quoted})`;
}

/**
 * `field:prefix*`: the field starts with the (escaped) prefix. Needs a non-empty prefix.
 * @public
 */
export function kqlStartsWith(field: string, prefix: string): string {
  if (prefix === '') {
    throw new Error(`kqlStartsWith(${field}) needs a non-empty prefix`);
  }
  return `${kqlField(field)}:${escapeKqlUnquoted(prefix)}*`;
}

/**
 * `field >= n` for a finite number.
 * @public
 */
export function kqlAtLeast(field: string, n: number): string {
  if (!Number.isFinite(n)) {
    throw new Error(`kqlAtLeast(${field}) needs a finite number`);
  }
  return `${kqlField(field)} >= ${n}`;
}

/**
 * Joins clauses with `and`. Clauses built here are atoms or parenthesised by {@link kqlOr}.
 * @public
 */
export function kqlAnd(...clauses: string[]): string {
  return clauses.join(' and ');
}

/**
 * Joins clauses with `or`, in parentheses when there is more than one, so the result can be
 * combined with `and` safely.
 * @public
 */
export function kqlOr(...clauses: string[]): string {
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`;
}
