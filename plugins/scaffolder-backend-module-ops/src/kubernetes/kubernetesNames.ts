import { InputError } from '@backstage/errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** True for an RFC 1123 label (namespace names): at most 63 lowercase alphanumerics and '-'. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** True for an RFC 1123 subdomain (Secret and most object names): at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** True for a valid label value: at most 63 characters, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Where a Secret goes. */
export type SecretTarget = { namespace: string; name: string };

/** Throws an {@link InputError} unless the namespace and Secret name are valid Kubernetes names. */
export function validateSecretTarget(target: SecretTarget): SecretTarget {
  const problems: string[] = [];
  if (!isDnsLabel(target.namespace)) {
    problems.push(
      `namespace '${target.namespace}' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)`,
    );
  }
  if (!isDnsSubdomain(target.name)) {
    problems.push(
      `Secret name '${target.name}' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(`Invalid secretTarget: ${problems.join('; ')}`);
  }
  return target;
}
