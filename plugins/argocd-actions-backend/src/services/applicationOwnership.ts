import { NotAllowedError } from '@backstage/errors';
import {
  NAMESPACE_OWNER_ANNOTATION,
  ownerEntityRef,
} from '@internal/plugin-ops-common';
import type { ArgoApplication } from '@internal/plugin-ops-node';
import { ArgoActionTarget } from './ArgoActionTargets';

/**
 * The annotation on an Argo CD Application naming the catalog owner it belongs to
 * (`group:default/team-drivers`); the new-service template writes it, and it is the key the
 * Namespace owner uses.
 */
export const APPLICATION_OWNER_ANNOTATION = NAMESPACE_OWNER_ANNOTATION;

/**
 * Why the entity may not act on the Application, or undefined when it may: the Application must
 * carry {@link APPLICATION_OWNER_ANNOTATION} naming the entity's owner. An entity's own
 * `argocd/app-name` can name any Application; the Application's annotation is what the platform
 * wrote, so an owner of one entity cannot reach another team's Application through it.
 */
export function applicationOwnershipProblem(
  target: Pick<ArgoActionTarget, 'entityRef' | 'application' | 'owner'>,
  app: Pick<ArgoApplication, 'metadata'>,
): string | undefined {
  const { entityRef, application, owner } = target;
  if (!owner) {
    return `${entityRef} has no valid spec.owner, so no Argo CD Application belongs to it`;
  }
  const marked = app.metadata.annotations?.[APPLICATION_OWNER_ANNOTATION];
  if (typeof marked !== 'string' || !marked.trim()) {
    return `Application '${application}' is not marked with ${APPLICATION_OWNER_ANNOTATION}: the Argo CD actions act only on Applications that belong to the owner of ${entityRef}`;
  }
  const applicationOwner = ownerEntityRef(marked);
  if (applicationOwner === owner) return undefined;
  return `Application '${application}' belongs to ${
    applicationOwner ?? `'${marked.slice(0, 100)}'`
  }, not to the owner of ${entityRef} (${owner})`;
}

/** Throws NotAllowedError with the reason when the Application is not the entity owner's. */
export function requireApplicationOwnership(
  target: ArgoActionTarget,
  app: Pick<ArgoApplication, 'metadata'>,
): void {
  const problem = applicationOwnershipProblem(target, app);
  if (problem) throw new NotAllowedError(problem);
}
