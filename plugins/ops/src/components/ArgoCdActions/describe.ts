import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { ArgoResourceResult } from '@internal/plugin-argocd-actions-common';
import { ArgoActionConflictError } from '../../api';

/** A Git commit SHA as people read it. */
export function shortSha(revision: string | undefined): string {
  return revision ? revision.slice(0, 7) : 'unknown';
}

/** The entity as the card names it. */
export function entityName(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

/** Why the user may not sync (`sync it`) or roll back (`roll it back`) the entity. */
export function deniedMessage(entity: Entity, what: string): string {
  return `Only the owners of ${entityName(
    entity,
  )} and platform admins can ${what}`;
}

/** The backend's own message for an error (for a `ResponseError`, the body's message). */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}

/** The backend's message, prefixed with what the status means to the user. */
export function requestErrorText(error: Error): string {
  const message = errorMessage(error);
  if (error instanceof ArgoActionConflictError) return message;
  if (error instanceof ResponseError) {
    switch (error.statusCode) {
      case 400:
        return `Refused: ${message}`;
      case 403:
        return `Not allowed: ${message}`;
      case 404:
        return `Not found: ${message}`;
      case 503:
        return `Unavailable: ${message}`;
      default:
        return message;
    }
  }
  return message;
}

/** A resource the operation could not sync, prune or run as a hook. */
export function isFailedResource(resource: ArgoResourceResult): boolean {
  return (
    /fail|error/i.test(resource.status) ||
    /fail|error/i.test(resource.hookPhase ?? '')
  );
}

/** The resources, failed ones first, otherwise in Argo CD's order. */
export function failedFirst(
  resources: ArgoResourceResult[],
): ArgoResourceResult[] {
  return [
    ...resources.filter(isFailedResource),
    ...resources.filter(resource => !isFailedResource(resource)),
  ];
}

/** A timestamp of Argo CD in the user's locale. */
export function formatTime(timestamp: string | undefined): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleString();
}
