import {
  OPS_ANNOTATIONS,
  OpsNotConfigured,
  parseKongServiceAnnotation,
} from '@internal/plugin-ops-common';
import { invalidAnnotation } from './notConfigured';
import { ResolvedOpsEntity } from './resolveOpsEntity';

/**
 * The Kong service names of a resolved entity's `ops-portal/kong-service` annotation (empty when
 * it has none), or the not-configured answer when one of them is not a Kong name.
 * @public
 */
export function opsKongServiceNames(
  resolved: ResolvedOpsEntity,
): string[] | OpsNotConfigured {
  const { names, invalid } = parseKongServiceAnnotation(
    resolved.entity.metadata.annotations?.[OPS_ANNOTATIONS.kongService],
  );
  if (invalid.length === 0) return names;
  return invalidAnnotation(
    resolved.entityRef,
    OPS_ANNOTATIONS.kongService,
    invalid.join(', '),
    "each name must be a Kong service name (letters, digits, '.', '-', '_', '~', starting with a letter or digit)",
  );
}
