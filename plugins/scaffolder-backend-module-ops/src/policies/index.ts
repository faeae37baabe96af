import { imageRegistryAllowlist } from './imageRegistryRule';
import { disallowDefaultNamespace } from './namespaceRule';
import { disallowPlatformNamespaces } from './platformNamespaceRule';
import {
  disallowSecretsInEnv,
  requireProbes,
  requireRequestsLimits,
  requireRunAsNonRoot,
} from './podRules';
import {
  KubernetesObject,
  PolicyContext,
  PolicyRule,
  PolicyViolation,
} from './types';

export * from './types';
export { containersOf, podSpecOf, describeContainer } from './workloads';
export type { PodContainer } from './workloads';
export {
  disallowSecretsInEnv,
  requireProbes,
  requireRequestsLimits,
  requireRunAsNonRoot,
  SECRET_ENV_NAME,
} from './podRules';
export {
  disallowDefaultNamespace,
  CLUSTER_SCOPED_KINDS,
} from './namespaceRule';
export { disallowPlatformNamespaces } from './platformNamespaceRule';
export {
  imageRegistryAllowlist,
  isAllowedImage,
  qualifiedImage,
} from './imageRegistryRule';

/**
 * The platform's admission policies (its Kyverno set: no root, probes, no `default` or platform namespace,
 * private registry only, no secrets in env, requests and limits), checked before anything is
 * written so a service that the cluster would refuse is never committed.
 * @public
 */
export const SERVICE_POLICY_RULES: readonly PolicyRule[] = [
  requireRunAsNonRoot,
  requireProbes,
  disallowDefaultNamespace,
  disallowPlatformNamespaces,
  imageRegistryAllowlist,
  disallowSecretsInEnv,
  requireRequestsLimits,
];

/**
 * Runs every rule over every object; returns the violations in object order, then rule order.
 * @public
 */
export function checkPolicies(
  objects: KubernetesObject[],
  context: PolicyContext,
  rules: readonly PolicyRule[] = SERVICE_POLICY_RULES,
): PolicyViolation[] {
  return objects.flatMap(object =>
    rules.flatMap(rule => rule.check(object, context)),
  );
}
