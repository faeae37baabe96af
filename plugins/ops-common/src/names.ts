/**
 * The name rules of the platform, in one place: Kubernetes (RFC 1123) names and label values,
 * and Kong entity names. A name that passes any of them is safe as one URL path segment: no `/`,
 * `%`, `?`, `#`, whitespace, and never `.` or `..`.
 */

// RFC 1123 label: namespaces, label values such as kubernetes-id, Service names, subsets.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// RFC 1123 subdomain: most object names (Secret, VirtualService, DestinationRule, Application).
const DNS1123_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// A Kubernetes label value: empty, or at most 63 characters, alphanumeric at both ends.
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
// Kong's own rule for entity names (letters, digits, `.`, `-`, `_`, `~`), starting with a letter
// or digit so that `.` and `..` (path traversal on the Admin API) never pass. UUIDs pass too.
const KONG_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,252}$/;

/** True for a DNS-1123 label (`nginx-ab`): at most 63 lowercase letters, digits and `-`. @public */
export function isDns1123Label(value: string): boolean {
  return DNS1123_LABEL.test(value);
}

/** True for a DNS-1123 subdomain (`nginx-ab`, `nginx-ab.v2`): at most 253 characters. @public */
export function isDns1123Subdomain(value: string): boolean {
  return DNS1123_SUBDOMAIN.test(value);
}

/** True for a Kubernetes label value: at most 63 characters, alphanumeric at both ends. @public */
export function isKubernetesLabelValue(value: string): boolean {
  return LABEL_VALUE.test(value);
}

/** True for a Kong service, route or upstream name (or id). @public */
export function isKongName(value: string): boolean {
  return KONG_NAME.test(value);
}
