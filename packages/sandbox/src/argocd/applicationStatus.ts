import { ClusterStore, KubeObject } from '../cluster/types';
import { isInSync } from './compareObjects';
import {
  aggregateHealth,
  HealthStatus,
  HealthStatusCode,
  resourceHealth,
} from './resourceHealth';
import { DesiredObject, objectKey } from './trackedObjects';

/** One entry of `status.resources` (and of a sync result), in Argo CD's shape. */
export interface ResourceStatus {
  group?: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: 'Synced' | 'OutOfSync';
  health?: HealthStatus;
  requiresPruning?: boolean;
}

/** The outcome of comparing an Application's desired objects with the cluster. */
export interface Comparison {
  syncStatus: 'Synced' | 'OutOfSync';
  health: HealthStatusCode;
  resources: ResourceStatus[];
  /** Desired objects whose live state differs (or is missing). */
  outOfSync: DesiredObject[];
  /** Tracked live objects no longer in Git. */
  extra: DesiredObject[];
  /** Container images of the live workloads. */
  images: string[];
}

function resourceRef({ type, object }: DesiredObject) {
  return {
    ...(type.group ? { group: type.group } : {}),
    version: type.version,
    kind: type.kind,
    ...(type.namespaced ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
  };
}

function imagesOf(object: KubeObject | undefined): string[] {
  const podSpec =
    object?.spec?.template?.spec ??
    (object?.kind === 'Pod' ? object.spec : undefined);
  return [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]
    .map((container: { image?: string }) => container.image)
    .filter((image: string | undefined): image is string => Boolean(image));
}

/**
 * Compares desired objects with the live ones and the tracked objects that Git no longer has,
 * producing Argo CD's sync status, health and `status.resources`.
 */
export function compareApplication(options: {
  store: ClusterStore;
  desired: DesiredObject[];
  tracked: DesiredObject[];
}): Comparison {
  const { store, desired, tracked } = options;
  const desiredKeys = new Set(desired.map(d => objectKey(d.type, d.object)));
  const resources: ResourceStatus[] = [];
  const outOfSync: DesiredObject[] = [];
  const healths: Array<HealthStatus | undefined> = [];
  const images = new Set<string>();

  for (const entry of desired) {
    const { type, object } = entry;
    const live = store.get(
      type,
      object.metadata.namespace,
      object.metadata.name,
    );
    const synced = isInSync(object, live);
    if (!synced) {
      outOfSync.push(entry);
    }
    const health = resourceHealth(type.kind, live);
    healths.push(health);
    imagesOf(live).forEach(image => images.add(image));
    resources.push({
      ...resourceRef(entry),
      status: synced ? 'Synced' : 'OutOfSync',
      ...(health ? { health } : {}),
    });
  }

  const extra = tracked.filter(
    t => !desiredKeys.has(objectKey(t.type, t.object)),
  );
  for (const entry of extra) {
    resources.push({
      ...resourceRef(entry),
      status: 'OutOfSync',
      requiresPruning: true,
    });
  }

  return {
    syncStatus:
      outOfSync.length === 0 && extra.length === 0 ? 'Synced' : 'OutOfSync',
    health: aggregateHealth(healths),
    resources: resources.sort((a, b) =>
      `${a.kind}/${a.namespace ?? ''}/${a.name}`.localeCompare(
        `${b.kind}/${b.namespace ?? ''}/${b.name}`,
      ),
    ),
    outOfSync,
    extra,
    images: [...images].sort(),
  };
}
