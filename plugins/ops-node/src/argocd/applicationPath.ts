import { InputError } from '@backstage/errors';
import { isDns1123Subdomain } from '@internal/plugin-ops-common';

/**
 * The URL path of an Application (`/api/v1/applications/{name}{suffix}`). Refuses with an
 * InputError a name that is not a DNS-1123 subdomain, so no `/`, `%`, `?`, `#`, `.` or `..`
 * reaches the path; the name is URL-encoded all the same.
 * @public
 */
export function argoCdApplicationPath(name: string, suffix = ''): string {
  // Kubernetes (and so Argo CD) accepts DNS-1123 subdomains as Application names.
  if (!isDns1123Subdomain(name)) {
    throw new InputError(
      `'${name.slice(
        0,
        100,
      )}' is not a valid Argo CD Application name (a DNS-1123 name)`,
    );
  }
  return `/api/v1/applications/${encodeURIComponent(name)}${suffix}`;
}
