import { PolicyRule, PolicyViolation, objectRef, violation } from './types';

const DISALLOW_DEFAULT_NAMESPACE_RULE = 'disallow-default-namespace';

/** Kinds without a namespace, which the rule skips. @public */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'KongClusterPlugin',
  'ClusterSecretStore',
]);

/**
 * No object in the `default` namespace: namespaced objects name their namespace (one without
 * would land in `default`), and an Argo CD Application never deploys into `default`.
 * @public
 */
export const disallowDefaultNamespace: PolicyRule = {
  id: DISALLOW_DEFAULT_NAMESPACE_RULE,
  description: "Objects must not live in the 'default' namespace",
  check(object) {
    const found: PolicyViolation[] = [];
    if (!CLUSTER_SCOPED_KINDS.has(object.kind)) {
      const namespace = object.metadata?.namespace;
      if (!namespace) {
        found.push(
          violation(
            DISALLOW_DEFAULT_NAMESPACE_RULE,
            object,
            `${objectRef(object)} has no namespace and would land in 'default'`,
          ),
        );
      } else if (namespace === 'default') {
        found.push(
          violation(
            DISALLOW_DEFAULT_NAMESPACE_RULE,
            object,
            `${objectRef(object)} is in the 'default' namespace`,
          ),
        );
      }
    }
    const destination = (
      object.spec as { destination?: { namespace?: string } } | undefined
    )?.destination;
    if (object.kind === 'Application' && destination?.namespace === 'default') {
      found.push(
        violation(
          DISALLOW_DEFAULT_NAMESPACE_RULE,
          object,
          `${objectRef(object)} deploys into the 'default' namespace`,
        ),
      );
    }
    return found;
  },
};
