import { ClusterStore, KubeObject, ResourceType } from '../cluster/types';
import { SourceManifest } from './manifestsAtRevision';

/** The label Argo CD's default (label) tracking puts on every object it manages. */
export const TRACKING_LABEL = 'app.kubernetes.io/instance';

/** What `kubectl apply` (and so Argo CD's client-side apply) records to compute the next diff. */
export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/** A manifest from Git made ready to apply: namespace and tracking label filled in. */
export interface DesiredObject {
  type: ResourceType;
  object: KubeObject;
}

/** Identifies an object across kinds: group/kind/namespace/name. */
export function objectKey(type: ResourceType, object: KubeObject): string {
  return [
    type.group,
    type.kind,
    type.namespaced ? object.metadata.namespace ?? '' : '',
    object.metadata.name,
  ].join('/');
}

/**
 * Turns manifests into the objects Argo CD would apply: namespaced kinds without a namespace go to
 * the destination namespace, and each object gets the tracking label. Manifests of kinds the
 * cluster does not serve are returned as errors, as Argo CD reports them as comparison errors.
 */
export function prepareDesiredObjects(options: {
  store: ClusterStore;
  manifests: SourceManifest[];
  appName: string;
  destinationNamespace?: string;
}): { objects: DesiredObject[]; errors: string[] } {
  const objects: DesiredObject[] = [];
  const errors: string[] = [];
  for (const { file, object } of options.manifests) {
    const type = options.store.typeFor(object.apiVersion, object.kind);
    if (!type) {
      errors.push(
        `${file}: the server could not find the requested resource (${object.apiVersion}, Kind=${object.kind})`,
      );
      continue;
    }
    const desired: KubeObject = structuredClone(object);
    if (type.namespaced) {
      desired.metadata.namespace =
        desired.metadata.namespace ?? options.destinationNamespace;
    } else {
      delete desired.metadata.namespace;
    }
    desired.metadata.labels = {
      ...desired.metadata.labels,
      [TRACKING_LABEL]: options.appName,
    };
    objects.push({ type, object: desired });
  }
  return { objects, errors };
}

/**
 * Lists the live objects an Application manages: top-level objects (no owner) carrying its
 * tracking label. Objects created by controllers (ReplicaSets, Pods) are children, not tracked.
 */
export function listTrackedObjects(
  store: ClusterStore,
  appName: string,
): DesiredObject[] {
  const tracked: DesiredObject[] = [];
  for (const type of store.resourceTypes()) {
    if (type.group === 'argoproj.io') {
      continue;
    }
    for (const object of store.list(type, {
      labelSelector: `${TRACKING_LABEL}=${appName}`,
    })) {
      if (!object.metadata.ownerReferences?.length) {
        tracked.push({ type, object });
      }
    }
  }
  return tracked;
}
