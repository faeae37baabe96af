// Kong's own rule for entity names (letters, digits, `.`, `-`, `_`, `~`), starting with a letter
// or digit so that `.` and `..` (path traversal on the Admin API) never pass. UUIDs pass too.
const KONG_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,252}$/;

/**
 * True for a Kong service, route or upstream name (or id) that is safe as one URL path segment
 * of the Admin API: no `/`, `%`, `?`, `#`, whitespace, and never `.` or `..`.
 */
export function isKongName(value: string): boolean {
  return KONG_NAME.test(value);
}

/** The names of the `ops-portal/kong-service` annotation (comma separated), and the invalid ones. */
export function parseKongServiceAnnotation(value: string | undefined): {
  names: string[];
  invalid: string[];
} {
  const all = (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return {
    names: all.filter(isKongName),
    invalid: all.filter(name => !isKongName(name)),
  };
}
