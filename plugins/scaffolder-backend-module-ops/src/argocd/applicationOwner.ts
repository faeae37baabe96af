import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';

/**
 * The annotation on an Argo CD Application naming the catalog owner the portal created it for
 * (`group:default/team-drivers`): the same key the namespace owner uses, so one marker means
 * "this belongs to that owner" everywhere.
 */
export const APPLICATION_OWNER_ANNOTATION = NAMESPACE_OWNER_ANNOTATION;

/** The owner an Application is marked with, if any. */
export function applicationOwner(app: {
  metadata?: { annotations?: Record<string, unknown> };
}): string | undefined {
  const value = app.metadata?.annotations?.[APPLICATION_OWNER_ANNOTATION];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
