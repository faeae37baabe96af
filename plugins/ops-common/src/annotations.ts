import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isDns1123Label, isKongName } from './names';

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
  /**
   * Canary analysis thresholds, `min-success-rate=99.5, max-p99-ms=300, min-requests=50` (any
   * subset); default from config (`opsPortal.metrics.canary`), else Flagger's defaults.
   */
  canaryThresholds: `${OPS_ANNOTATION_PREFIX}/canary-thresholds`,
} as const;

/**
 * Annotation on a Kubernetes Namespace naming the catalog owner it belongs to, as an entity ref
 * (`group:default/team-drivers`). The new-service template writes it (through the Argo CD
 * Application's `managedNamespaceMetadata`); the scaffolder refuses a namespace owned by someone
 * else and the traffic editor refuses to act on objects in a namespace its entity's owner does not own.
 * @public
 */
export const NAMESPACE_OWNER_ANNOTATION = `${OPS_ANNOTATION_PREFIX}/owner`;

/**
 * An owner reference as the full, lower-case entity ref that {@link NAMESPACE_OWNER_ANNOTATION}
 * holds and owners are compared by (`team-a` → `group:default/team-a`; a bare name is a group in
 * `defaultNamespace`), or undefined when it is not a valid reference.
 * @public
 */
export function ownerEntityRef(
  owner: unknown,
  defaultNamespace = 'default',
): string | undefined {
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), { defaultKind: 'group', defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** Where an entity's workloads live in the cluster. @public */
export interface OpsKubernetesTarget {
  kubernetesId: string;
  namespace: string;
}

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
  if (!kubernetesId || !isDns1123Label(kubernetesId)) return undefined;
  if (!isDns1123Label(namespace)) return undefined;
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

/**
 * The Kong service names of the `ops-portal/kong-service` annotation (comma separated; trimmed,
 * empty entries and repeats dropped), and the ones that are not Kong names (so never reach an
 * Admin API path, a PromQL matcher or a KQL query).
 * @public
 */
export function parseKongServiceAnnotation(value: string | undefined): {
  names: string[];
  invalid: string[];
} {
  const all = [
    ...new Set(
      (value ?? '')
        .split(',')
        .map(name => name.trim())
        .filter(name => name.length > 0),
    ),
  ];
  return {
    names: all.filter(isKongName),
    invalid: all.filter(name => !isKongName(name)),
  };
}

/**
 * The one "not configured" answer (HTTP 200) of the ops backends: the entity lacks an annotation
 * the endpoint needs, or its value is invalid. The card shows an empty state naming
 * `missingAnnotation`, the one to add or fix, with `message` saying why.
 * @public
 */
export interface OpsNotConfigured {
  missingAnnotation: string;
  message: string;
}

/** True when a backend's body is an {@link OpsNotConfigured} answer. @public */
export function isOpsNotConfigured(value: unknown): value is OpsNotConfigured {
  return (
    typeof (value as Partial<OpsNotConfigured> | null)?.missingAnnotation ===
    'string'
  );
}
