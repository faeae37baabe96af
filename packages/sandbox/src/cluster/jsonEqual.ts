/**
 * Deep equality of JSON values, ignoring key order and prototypes (objects parsed from a request
 * and objects from `structuredClone` may come from different realms under a test runner).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter(k => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter(k => right[k] !== undefined);
  return (
    keys.length === otherKeys.length &&
    keys.every(k => jsonEqual(left[k], right[k]))
  );
}
