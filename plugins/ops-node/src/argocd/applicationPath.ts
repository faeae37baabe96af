import { InputError } from '@backstage/errors';

// RFC 1123 subdomain: the names Kubernetes (and so Argo CD) accepts for an Application.
const DNS1123_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The URL path of an Application (`/api/v1/applications/{name}{suffix}`). Refuses with an
 * InputError a name that is not a DNS-1123 subdomain, so no `/`, `%`, `?`, `#`, `.` or `..`
 * reaches the path; the name is URL-encoded all the same.
 * @public
 */
export function argoCdApplicationPath(name: string, suffix = ''): string {
  if (!DNS1123_SUBDOMAIN.test(name)) {
    throw new InputError(
      `'${name.slice(
        0,
        100,
      )}' is not a valid Argo CD Application name (a DNS-1123 name)`,
    );
  }
  return `/api/v1/applications/${encodeURIComponent(name)}${suffix}`;
}
