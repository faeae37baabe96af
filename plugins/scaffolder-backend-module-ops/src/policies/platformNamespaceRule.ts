import { CLUSTER_SCOPED_KINDS } from './namespaceRule';
import { KubernetesObject, PolicyRule, objectRef, violation } from './types';

const PLATFORM_NAMESPACE_RULE = 'disallow-platform-namespaces';

function destinationNamespace(object: KubernetesObject): string | undefined {
  const spec = object.spec as
    | { destination?: { namespace?: string } }
    | undefined;
  return spec?.destination?.namespace;
}

/**
 * No service object in a platform namespace (`opsPortal.scaffolder.deniedNamespaces`): a
 * namespaced object must not live in one, and an Argo CD Application must not deploy into one.
 * The Application itself lives in Argo CD's namespace, which is where Argo CD reads it from, so
 * for an Application only its destination counts.
 * @public
 */
export const disallowPlatformNamespaces: PolicyRule = {
  id: PLATFORM_NAMESPACE_RULE,
  description:
    'Service objects must not live in, or deploy into, a platform namespace',
  check(object, context) {
    const denied = new Set(context.deniedNamespaces ?? []);
    if (object.kind === 'Application') {
      const destination = destinationNamespace(object);
      return destination && denied.has(destination)
        ? [
            violation(
              PLATFORM_NAMESPACE_RULE,
              object,
              `${objectRef(
                object,
              )} deploys into '${destination}', a platform namespace; choose the service's own namespace`,
            ),
          ]
        : [];
    }
    const namespace = object.metadata?.namespace;
    if (
      CLUSTER_SCOPED_KINDS.has(object.kind) ||
      !namespace ||
      !denied.has(namespace)
    ) {
      return [];
    }
    return [
      violation(
        PLATFORM_NAMESPACE_RULE,
        object,
        `${objectRef(
          object,
        )} is in '${namespace}', a platform namespace; choose the service's own namespace`,
      ),
    ];
  },
};
