import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';

/** What the ownership check needs of a live namespace. */
export interface NamespaceAnnotations {
  annotations: Record<string, string>;
}

/**
 * Why `owner` may not put a service into `namespace`, or undefined when it may: a namespace that
 * does not exist yet is free (Argo CD creates it with the owner annotation); an existing one must
 * carry `ops-portal/owner` naming `owner`. One without the annotation was not created by the
 * portal and belongs to nobody the portal knows.
 * @public
 */
export function namespaceOwnershipProblem(
  namespace: string,
  owner: string,
  live: NamespaceAnnotations | undefined,
): string | undefined {
  if (!live) return undefined;
  const current = live.annotations[NAMESPACE_OWNER_ANNOTATION];
  if (current === owner) return undefined;
  if (!current) {
    return `Namespace '${namespace}' exists and is not managed by the portal (no ${NAMESPACE_OWNER_ANNOTATION} annotation); choose another namespace or ask the platform team to annotate it with ${NAMESPACE_OWNER_ANNOTATION}=${owner}`;
  }
  return `Namespace '${namespace}' belongs to ${current}, not ${owner}; choose another namespace`;
}
