import { Entity } from '@backstage/catalog-model';

/** Backstage's own annotation naming the workload label value `backstage.io/kubernetes-id`. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** Backstage's own annotation naming the namespace of the workloads. @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** The Argo CD Application name (the annotation the Roadie Argo CD plugins read). @public */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/** The one prefix every annotation of this portal uses. @public */
export const OPS_ANNOTATION_PREFIX = 'ops-portal';

/**
 * The portal's own annotations. Each one is optional: the defaults are derived from the
 * kubernetes-id and namespace, so a scaffolded service needs none of them.
 * @public
 */
export const OPS_ANNOTATIONS = {
  /** Kong service name(s), comma separated; default `<namespace>.<kubernetes-id>.pnum-<port>`-style lookup by Service. */
  kongService: `${OPS_ANNOTATION_PREFIX}/kong-service`,
  /** Istio VirtualService name; default the kubernetes-id. */
  istioVirtualService: `${OPS_ANNOTATION_PREFIX}/istio-virtualservice`,
  /** Istio DestinationRule name; default the kubernetes-id. */
  istioDestinationRule: `${OPS_ANNOTATION_PREFIX}/istio-destinationrule`,
  /** Kibana data view id; default from config. */
  kibanaDataView: `${OPS_ANNOTATION_PREFIX}/kibana-data-view`,
  /** Name of the configured Prometheus instance; default the first configured one. */
  prometheusInstance: `${OPS_ANNOTATION_PREFIX}/prometheus-instance`,
} as const;

/**
 * Annotation on a Kubernetes Namespace naming the catalog owner it belongs to, as an entity ref
 * (`group:default/team-drivers`). The new-service template writes it (through the Argo CD
 * Application's `managedNamespaceMetadata`); the scaffolder refuses a namespace owned by someone
 * else and the traffic editor refuses to act on objects in a namespace its entity's owner does not own.
 * @public
 */
export const NAMESPACE_OWNER_ANNOTATION = `${OPS_ANNOTATION_PREFIX}/owner`;

/** Where an entity's workloads live in the cluster. @public */
export interface OpsKubernetesTarget {
  kubernetesId: string;
  namespace: string;
}

// RFC 1123 label: what Kubernetes accepts for names used as label values and namespaces.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads the entity's Kubernetes target from its annotations. Returns undefined when the
 * kubernetes-id is missing or either value is not a valid DNS-1123 label, so callers show an
 * empty state instead of querying with a malformed value.
 * @public
 */
export function kubernetesTargetForEntity(
  entity: Entity,
): OpsKubernetesTarget | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] ?? 'default';
  if (!kubernetesId || !DNS1123_LABEL.test(kubernetesId)) return undefined;
  if (!DNS1123_LABEL.test(namespace)) return undefined;
  return { kubernetesId, namespace };
}

/** True when the entity names an Argo CD Application. @public */
export function isArgoCdAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION]);
}

/** True when the entity names its Kubernetes workloads. @public */
export function isKubernetesAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION]);
}
