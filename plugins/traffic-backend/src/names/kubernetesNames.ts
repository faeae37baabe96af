// RFC 1123 label: namespaces, label values, Service names.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// RFC 1123 subdomain: most object names (VirtualService, DestinationRule, Argo CD Application).
const DNS1123_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * True for a DNS-1123 label (`nginx-ab`). Such a name is safe as a URL path segment: no `/`,
 * `%`, `?`, `#`, and never `.` or `..`.
 */
export function isDns1123Label(value: string): boolean {
  return DNS1123_LABEL.test(value);
}

/** True for a DNS-1123 subdomain (`nginx-ab`, `nginx-ab.v2`); `.`, `..` and `/` are refused. */
export function isDns1123Subdomain(value: string): boolean {
  return DNS1123_SUBDOMAIN.test(value);
}

/**
 * True for a name Argo CD accepts for an Application (a Kubernetes object name), which is
 * what the editor puts in `/api/v1/applications/{name}`.
 */
export function isArgoCdApplicationName(value: string): boolean {
  return isDns1123Subdomain(value);
}
