import { ResourceType } from './types';

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced = true,
): ResourceType {
  return { group, version, kind, plural, namespaced };
}

/** The built-in Kubernetes kinds the sandbox serves: the ones the portal and Backstage read. */
export const BUILTIN_RESOURCE_TYPES: ResourceType[] = [
  type('', 'v1', 'Pod', 'pods'),
  type('', 'v1', 'Service', 'services'),
  type('', 'v1', 'ConfigMap', 'configmaps'),
  type('', 'v1', 'Secret', 'secrets'),
  type('', 'v1', 'Namespace', 'namespaces', false),
  type('', 'v1', 'LimitRange', 'limitranges'),
  type('', 'v1', 'ResourceQuota', 'resourcequotas'),
  type('', 'v1', 'Endpoints', 'endpoints'),
  type('', 'v1', 'Event', 'events'),
  type('', 'v1', 'ServiceAccount', 'serviceaccounts'),
  type('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  type('', 'v1', 'PersistentVolume', 'persistentvolumes', false),
  type('apps', 'v1', 'Deployment', 'deployments'),
  type('apps', 'v1', 'ReplicaSet', 'replicasets'),
  type('apps', 'v1', 'StatefulSet', 'statefulsets'),
  type('apps', 'v1', 'DaemonSet', 'daemonsets'),
  type('batch', 'v1', 'Job', 'jobs'),
  type('batch', 'v1', 'CronJob', 'cronjobs'),
  type(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
  ),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
];

/** Custom resources every sandbox serves, whatever its configuration: the ones the portal writes. */
export const BUILTIN_CUSTOM_RESOURCE_TYPES: ResourceType[] = [
  type('networking.istio.io', 'v1', 'VirtualService', 'virtualservices'),
  type('networking.istio.io', 'v1', 'DestinationRule', 'destinationrules'),
  type('configuration.konghq.com', 'v1', 'KongPlugin', 'kongplugins'),
  type(
    'configuration.konghq.com',
    'v1',
    'KongClusterPlugin',
    'kongclusterplugins',
    false,
  ),
  type('configuration.konghq.com', 'v1', 'KongIngress', 'kongingresses'),
  type('argoproj.io', 'v1alpha1', 'Application', 'applications'),
];

/**
 * Extra API versions served for objects stored under another version: the sandbox does no
 * schema conversion, it only answers on both paths with the requested apiVersion stamped on.
 */
export const VERSION_ALIASES: Array<{
  group: string;
  version: string;
  storedVersion: string;
}> = [{ group: 'autoscaling', version: 'v1', storedVersion: 'v2' }];

/** apiVersion string for a type: `v1` for the core group, `group/version` otherwise. */
export function apiVersionOf(
  resourceType: Pick<ResourceType, 'group' | 'version'>,
): string {
  return resourceType.group
    ? `${resourceType.group}/${resourceType.version}`
    : resourceType.version;
}

/**
 * Guesses a kind from a plural the way CRD authors usually name them, for configured custom
 * resources that do not say their kind: `virtualservices` → `Virtualservice`.
 */
export function kindFromPlural(plural: string): string {
  let singular = plural;
  if (/ies$/.test(plural)) singular = `${plural.slice(0, -3)}y`;
  else if (/(sses|xes|ches|shes)$/.test(plural)) singular = plural.slice(0, -2);
  else if (/s$/.test(plural)) singular = plural.slice(0, -1);
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}
