import { OpsNotConfigured } from '@internal/plugin-ops-common';

/**
 * The not-configured answer for an entity without an annotation the endpoint needs: names the
 * annotation to add and what it is used for.
 * @public
 */
export function missingAnnotation(
  entityRef: string,
  annotation: string,
  usedFor: string,
): OpsNotConfigured {
  return {
    missingAnnotation: annotation,
    message: `${entityRef} has no ${annotation} annotation: ${usedFor}`,
  };
}

/**
 * The not-configured answer for an annotation whose value breaks a name rule: names the
 * annotation to fix, its value (cut at 300 characters) and the rule.
 * @public
 */
export function invalidAnnotation(
  entityRef: string,
  annotation: string,
  value: string,
  rule: string,
): OpsNotConfigured {
  return {
    missingAnnotation: annotation,
    message: `${entityRef} has an invalid ${annotation} annotation '${value.slice(
      0,
      300,
    )}': ${rule}`,
  };
}
