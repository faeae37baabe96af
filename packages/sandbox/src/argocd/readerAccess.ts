import { ArgoApiError } from './ArgoApiError';

/** The Argo CD account of the reader token (deploy/rbac/argocd-rbac-cm.yaml: get only). */
export const ARGOCD_READER_ACCOUNT = 'ops-portal-reader';

/** The Argo CD account of the writer token (deploy/rbac/argocd-rbac-cm.yaml: get, create, sync). */
export const ARGOCD_WRITER_ACCOUNT = 'ops-portal-writer';

/** Argo CD's RBAC action for a write request of the API subset the stand-in serves. */
function actionOf(
  method: string,
  path: string,
): { resource: string; action: string; name?: string } {
  // `<resource>[/<name>[/<sub>]]` below `/api/v1`
  const [resource = '', name, sub] = path.split('/').filter(Boolean);
  const actions: Record<string, string> = {
    POST: 'create',
    PUT: 'update',
    PATCH: 'update',
    DELETE: 'delete',
  };
  const isSyncLike =
    resource === 'applications' &&
    name !== undefined &&
    ((method === 'POST' && sub === 'sync') ||
      (method === 'POST' && sub === 'rollback') ||
      (method === 'DELETE' && sub === 'operation'));
  return {
    resource,
    action: isSyncLike ? 'sync' : actions[method] ?? method.toLowerCase(),
    name,
  };
}

/**
 * Argo CD's answer to a write by an account without the permission: gRPC PermissionDenied
 * (HTTP 403) with `permission denied: <resource>, <action>, <project>/<name>, sub: <subject>,
 * iat: <issued at>`, as `rbac.EnforceErr` words it. `path` is below `/api/v1`, e.g.
 * `/applications/x/sync`.
 */
export function readerWriteDenied(options: {
  method: string;
  path: string;
  /** The Application's project, when the request names an existing one (or the body does). */
  project?: string;
  bodyName?: string;
  issuedAt: Date;
}): ArgoApiError {
  const { resource, action, name } = actionOf(options.method, options.path);
  const objectName = name ?? options.bodyName ?? '';
  const object =
    resource === 'applications'
      ? `${options.project ?? 'default'}/${objectName}`
      : objectName;
  const iat = options.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return new ArgoApiError(
    'PermissionDenied',
    `permission denied: ${resource}, ${action}, ${object}, sub: ${ARGOCD_READER_ACCOUNT}:apiKey, iat: ${iat}`,
  );
}
