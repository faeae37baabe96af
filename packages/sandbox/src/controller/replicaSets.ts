import { ClusterStore, KubeObject } from '../cluster/types';
import { requireType, writeStatus } from './controllerSupport';
import { isPodReady, scalePods } from './pods';

/**
 * Reconciles every ReplicaSet: its pods follow `spec.replicas` and its status counts them.
 * Returns the pods by ReplicaSet uid, for the Deployment status.
 */
export function reconcileReplicaSets(
  store: ClusterStore,
): Map<string, KubeObject[]> {
  const type = requireType(store, 'apps/v1', 'ReplicaSet');
  const podsByOwner = new Map<string, KubeObject[]>();
  for (const rs of store.list(type)) {
    const replicas = rs.spec?.replicas ?? 1;
    const pods = scalePods(store, rs, replicas, rs.spec?.template);
    podsByOwner.set(rs.metadata.uid!, pods);
    const ready = pods.filter(isPodReady).length;
    writeStatus(store, rs, {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    });
  }
  return podsByOwner;
}
