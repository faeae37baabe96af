import { ClusterStore, KubeObject, ResourceType } from '../cluster/types';
import { resourceHealth } from './resourceHealth';
import { listTrackedObjects } from './trackedObjects';

/** One node of `GET /api/v1/applications/{name}/resource-tree`. */
export interface ResourceNode {
  group?: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  createdAt?: string;
  parentRefs?: Array<{
    group?: string;
    kind: string;
    namespace?: string;
    name: string;
    uid?: string;
  }>;
  health?: { status: string; message?: string };
  images?: string[];
  info?: Array<{ name: string; value: string }>;
}

function node(
  type: ResourceType,
  object: KubeObject,
  parents?: ResourceNode[],
): ResourceNode {
  const health = resourceHealth(type.kind, object);
  const result: ResourceNode = {
    ...(type.group ? { group: type.group } : {}),
    version: type.version,
    kind: type.kind,
    ...(object.metadata.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    name: object.metadata.name,
    uid: object.metadata.uid,
    resourceVersion: object.metadata.resourceVersion,
    createdAt: object.metadata.creationTimestamp,
  };
  if (parents?.length) {
    result.parentRefs = parents.map(p => ({
      ...(p.group ? { group: p.group } : {}),
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
      uid: p.uid,
    }));
  }
  if (type.kind === 'Pod') {
    const phase = object.status?.phase ?? 'Pending';
    result.health = { status: phase === 'Running' ? 'Healthy' : 'Progressing' };
    result.images = (object.spec?.containers ?? []).map(
      (c: { image: string }) => c.image,
    );
    result.info = [{ name: 'Status Reason', value: phase }];
  } else if (health && health.status !== 'Missing') {
    result.health = health;
  }
  return result;
}

/**
 * The Application's resource tree: its tracked objects plus their descendants through
 * ownerReferences (ReplicaSets, Pods), as Argo CD's UI and API show them.
 */
export function buildResourceTree(store: ClusterStore, appName: string) {
  const nodes: ResourceNode[] = listTrackedObjects(store, appName).map(t =>
    node(t.type, t.object),
  );
  const byUid = new Map(nodes.map(n => [n.uid, n]));
  const childTypes = store
    .resourceTypes()
    .filter(t => ['ReplicaSet', 'Pod', 'Job', 'Endpoints'].includes(t.kind));
  // Owners come before children (Deployment → ReplicaSet → Pod): repeat until nothing new.
  let added = true;
  while (added) {
    added = false;
    for (const type of childTypes) {
      for (const object of store.list(type)) {
        if (byUid.has(object.metadata.uid)) {
          continue;
        }
        const parents = (object.metadata.ownerReferences ?? [])
          .map(ref => byUid.get(ref.uid))
          .filter((p): p is ResourceNode => Boolean(p));
        if (parents.length > 0) {
          const child = node(type, object, parents);
          nodes.push(child);
          byUid.set(child.uid, child);
          added = true;
        }
      }
    }
  }
  return { nodes, hosts: [] as unknown[] };
}
