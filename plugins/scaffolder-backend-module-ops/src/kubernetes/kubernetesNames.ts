import { InputError } from '@backstage/errors';
import {
  isDns1123Label,
  isDns1123Subdomain,
} from '@internal/plugin-ops-common';

/** Where a Secret goes. */
export type SecretTarget = { namespace: string; name: string };

/** Throws an {@link InputError} unless the namespace and Secret name are valid Kubernetes names. */
export function validateSecretTarget(target: SecretTarget): SecretTarget {
  const problems: string[] = [];
  if (!isDns1123Label(target.namespace)) {
    problems.push(
      `namespace '${target.namespace}' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)`,
    );
  }
  if (!isDns1123Subdomain(target.name)) {
    problems.push(
      `Secret name '${target.name}' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(`Invalid secretTarget: ${problems.join('; ')}`);
  }
  return target;
}
