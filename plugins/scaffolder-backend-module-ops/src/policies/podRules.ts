import {
  KubernetesObject,
  PolicyRule,
  PolicyViolation,
  objectRef,
  violation,
} from './types';
import {
  containersOf,
  describeContainer,
  PodContainer,
  podSpecOf,
} from './workloads';

const REQUIRE_RUN_AS_NON_ROOT_RULE = 'require-run-as-non-root';
const REQUIRE_PROBES_RULE = 'require-probes';
const REQUIRE_REQUESTS_LIMITS_RULE = 'require-requests-limits';
const DISALLOW_SECRETS_IN_ENV_RULE = 'disallow-secrets-in-env';

/** A violation of `rule` by one container: `<container> of <object> <detail>`. */
function containerViolation(
  rule: string,
  object: KubernetesObject,
  entry: PodContainer,
  detail: string,
): PolicyViolation {
  return violation(
    rule,
    object,
    `${describeContainer(entry)} of ${objectRef(object)} ${detail}`,
  );
}

/** Containers must not run as root: `runAsNonRoot: true` on the pod or on every container, never uid 0. @public */
export const requireRunAsNonRoot: PolicyRule = {
  id: REQUIRE_RUN_AS_NON_ROOT_RULE,
  description: 'Containers must set runAsNonRoot and must not run as uid 0',
  check(object) {
    const spec = podSpecOf(object);
    if (!spec) return [];
    const pod = spec.securityContext;
    const found: PolicyViolation[] = [];
    if (pod?.runAsUser === 0) {
      found.push(
        violation(
          REQUIRE_RUN_AS_NON_ROOT_RULE,
          object,
          `${objectRef(object)} sets runAsUser 0 for its pod`,
        ),
      );
    }
    for (const entry of containersOf(object)) {
      const own = entry.container.securityContext;
      const nonRoot = own?.runAsNonRoot ?? pod?.runAsNonRoot;
      if (nonRoot !== true) {
        found.push(
          containerViolation(
            REQUIRE_RUN_AS_NON_ROOT_RULE,
            object,
            entry,
            'must set runAsNonRoot: true',
          ),
        );
      }
      if (own?.runAsUser === 0) {
        found.push(
          containerViolation(
            REQUIRE_RUN_AS_NON_ROOT_RULE,
            object,
            entry,
            'sets runAsUser 0',
          ),
        );
      }
    }
    return found;
  },
};

/** Every (non-init) container has a readiness and a liveness probe. @public */
export const requireProbes: PolicyRule = {
  id: REQUIRE_PROBES_RULE,
  description: 'Containers must have readiness and liveness probes',
  check(object) {
    const found: PolicyViolation[] = [];
    for (const entry of containersOf(object).filter(c => !c.init)) {
      for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
        if (!entry.container[probe]) {
          found.push(
            containerViolation(
              REQUIRE_PROBES_RULE,
              object,
              entry,
              `has no ${probe}`,
            ),
          );
        }
      }
    }
    return found;
  },
};

const RESOURCE_FIELDS = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'cpu'],
  ['limits', 'memory'],
] as const;

/** Every container sets CPU and memory requests and limits. @public */
export const requireRequestsLimits: PolicyRule = {
  id: REQUIRE_REQUESTS_LIMITS_RULE,
  description: 'Containers must set CPU and memory requests and limits',
  check(object) {
    const found: PolicyViolation[] = [];
    for (const entry of containersOf(object)) {
      const resources = entry.container.resources;
      const missing = RESOURCE_FIELDS.filter(
        ([kind, resource]) => resources?.[kind]?.[resource] === undefined,
      ).map(([kind, resource]) => `${kind}.${resource}`);
      if (missing.length > 0) {
        found.push(
          containerViolation(
            REQUIRE_REQUESTS_LIMITS_RULE,
            object,
            entry,
            `has no resources ${missing.join(', ')}`,
          ),
        );
      }
    }
    return found;
  },
};

/** Env names that look like credentials. @public */
export const SECRET_ENV_NAME = /(PASSWORD|SECRET|TOKEN|KEY)/i;

/** Secret-looking env vars come from `valueFrom` (a Secret), never a plain `value` in Git. @public */
export const disallowSecretsInEnv: PolicyRule = {
  id: DISALLOW_SECRETS_IN_ENV_RULE,
  description: 'Env vars named like credentials must not carry a plain value',
  check(object) {
    const found: PolicyViolation[] = [];
    for (const entry of containersOf(object)) {
      for (const env of entry.container.env ?? []) {
        if (SECRET_ENV_NAME.test(env.name) && env.value !== undefined) {
          found.push(
            violation(
              'disallow-secrets-in-env',
              object,
              `env ${env.name} of ${describeContainer(entry)} in ${objectRef(
                object,
              )} looks like a secret but has a plain value; use valueFrom.secretKeyRef`,
            ),
          );
        }
      }
    }
    return found;
  },
};
