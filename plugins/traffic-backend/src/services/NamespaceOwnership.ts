import { NotAllowedError } from '@backstage/errors';
import {
  NAMESPACE_OWNER_ANNOTATION,
  ownerEntityRef,
} from '@internal/plugin-ops-common';
import { KubernetesTrafficClient } from '../kubernetes/KubernetesTrafficClient';
import { TrafficTarget } from './EntityTrafficTargets';

/**
 * Why the entity's owner may not act in the namespace, or undefined when it may: the Namespace
 * must carry {@link NAMESPACE_OWNER_ANNOTATION} naming the entity's owner. `namespaceAnnotations`
 * is undefined when the Namespace does not exist (answered like an unmarked one, so a caller
 * learns nothing about other teams' namespaces).
 */
export function namespaceOwnershipProblem(options: {
  namespace: string;
  namespaceAnnotations: Record<string, string> | undefined;
  entityRef: string;
  /** The entity's owner, normalized (`ownerEntityRef` of ops-common). */
  owner: string | undefined;
}): string | undefined {
  const { namespace, namespaceAnnotations, entityRef, owner } = options;
  if (!owner) {
    return `${entityRef} has no valid spec.owner, so no namespace belongs to it`;
  }
  const marked = namespaceAnnotations?.[NAMESPACE_OWNER_ANNOTATION];
  if (!marked?.trim()) {
    return `namespace ${namespace} is not marked with ${NAMESPACE_OWNER_ANNOTATION}: the traffic editor acts only in namespaces that belong to the owner of ${entityRef}`;
  }
  const namespaceOwner = ownerEntityRef(marked);
  if (namespaceOwner === owner) return undefined;
  return `namespace ${namespace} belongs to ${
    namespaceOwner ?? `'${marked.slice(0, 100)}'`
  }, not to the owner of ${entityRef} (${owner})`;
}

/**
 * Binds an entity's traffic target to its owner: the editor acts only on objects in a namespace
 * whose {@link NAMESPACE_OWNER_ANNOTATION} names the entity's owner. The Namespace is read with the
 * traffic editor's cluster credential; an entity's own annotations can point anywhere, the
 * Namespace's annotation is what the platform (the new-service template, through Argo CD's
 * `managedNamespaceMetadata`) wrote.
 */
export class NamespaceOwnership {
  constructor(private readonly kubernetes: KubernetesTrafficClient) {}

  /** Throws NotAllowedError with the reason when the target's namespace is not its owner's. */
  async check(target: TrafficTarget): Promise<void> {
    const found = target.owner
      ? await this.kubernetes.getNamespace(target.namespace)
      : undefined;
    const problem = namespaceOwnershipProblem({
      namespace: target.namespace,
      namespaceAnnotations: found
        ? found.metadata?.annotations ?? {}
        : undefined,
      entityRef: target.entityRef,
      owner: target.owner,
    });
    if (problem) throw new NotAllowedError(problem);
  }
}
