import { ResourceType } from './types';

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced = true,
  options: { statusSubresource?: false; generation?: false } = {},
): ResourceType {
  return { group, version, kind, plural, namespaced, ...options };
}

/** Kinds without status and without generation: plain data the API server stores as written. */
const DATA = { statusSubresource: false, generation: false } as const;
/** Kinds with a status subresource but no generation (the API server sets none for them). */
const NO_GENERATION = { generation: false } as const;

/** The built-in Kubernetes kinds the sandbox serves: the ones the portal and Backstage read. */
export const BUILTIN_RESOURCE_TYPES: ResourceType[] = [
  type('', 'v1', 'Pod', 'pods'),
  type('', 'v1', 'Service', 'services', true, NO_GENERATION),
  type('', 'v1', 'ConfigMap', 'configmaps', true, DATA),
  type('', 'v1', 'Secret', 'secrets', true, DATA),
  type('', 'v1', 'Namespace', 'namespaces', false, NO_GENERATION),
  type('', 'v1', 'LimitRange', 'limitranges', true, DATA),
  type('', 'v1', 'ResourceQuota', 'resourcequotas', true, NO_GENERATION),
  type('', 'v1', 'Endpoints', 'endpoints', true, DATA),
  type('', 'v1', 'Event', 'events', true, DATA),
  type('', 'v1', 'ServiceAccount', 'serviceaccounts', true, DATA),
  type(
    '',
    'v1',
    'PersistentVolumeClaim',
    'persistentvolumeclaims',
    true,
    NO_GENERATION,
  ),
  type('', 'v1', 'PersistentVolume', 'persistentvolumes', false, NO_GENERATION),
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

/**
 * Custom resources every sandbox serves, whatever its configuration: the ones the portal writes.
 * Their schemas, scopes and subresources are the released CRDs' (crdSchemas.json).
 */
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
  // Argo CD's Application CRD declares no status subresource: Argo CD writes status with the object.
  type('argoproj.io', 'v1alpha1', 'Application', 'applications', true, {
    statusSubresource: false,
  }),
  // The new-service template renders an ExternalSecret when Keycloak secrets are delivered by ESO.
  type('external-secrets.io', 'v1', 'ExternalSecret', 'externalsecrets'),
];

/** True for the kinds Kubernetes itself serves (not custom resources). */
export function isBuiltinType(resourceType: ResourceType): boolean {
  return BUILTIN_RESOURCE_TYPES.some(
    t => t.group === resourceType.group && t.plural === resourceType.plural,
  );
}

/**
 * Extra API versions served for objects stored under another version: the sandbox does no
 * schema conversion, it only answers on both paths with the requested apiVersion stamped on.
 */
export const VERSION_ALIASES: Array<{
  group: string;
  version: string;
  storedVersion: string;
}> = [
  { group: 'autoscaling', version: 'v1', storedVersion: 'v2' },
  // Istio and External Secrets serve their older versions with the same schema.
  { group: 'networking.istio.io', version: 'v1beta1', storedVersion: 'v1' },
  { group: 'networking.istio.io', version: 'v1alpha3', storedVersion: 'v1' },
  { group: 'external-secrets.io', version: 'v1beta1', storedVersion: 'v1' },
];

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
