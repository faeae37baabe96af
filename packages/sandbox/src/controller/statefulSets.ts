import { ClusterStore } from '../cluster/types';
import { requireType, templateHash, writeStatus } from './controllerSupport';
import { isPodReady, makePod, podsOwnedBy } from './pods';

const REVISION_LABEL = 'controller-revision-hash';

/**
 * Reconciles every StatefulSet: pods `<name>-0 … <name>-(n-1)` exist, run the current template
 * (a pod of an older revision is replaced at once) and are counted in the status.
 */
export function reconcileStatefulSets(store: ClusterStore): void {
  const type = requireType(store, 'apps/v1', 'StatefulSet');
  const podType = requireType(store, 'v1', 'Pod');
  for (const sts of store.list(type)) {
    const { namespace, name } = sts.metadata;
    const replicas = sts.spec?.replicas ?? 1;
    const revision = `${name}-${templateHash(sts.spec?.template)}`;
    const wantedNames = new Set(
      Array.from({ length: replicas }, (_, i) => `${name}-${i}`),
    );

    for (const pod of podsOwnedBy(store, sts)) {
      const stale = pod.metadata.labels?.[REVISION_LABEL] !== revision;
      if (!wantedNames.has(pod.metadata.name) || stale) {
        store.delete(podType, namespace, pod.metadata.name);
      }
    }
    for (const podName of wantedNames) {
      if (!store.get(podType, namespace, podName)) {
        store.create(
          makePod({
            owner: sts,
            name: podName,
            template: sts.spec?.template,
            extraLabels: {
              [REVISION_LABEL]: revision,
              'statefulset.kubernetes.io/pod-name': podName,
              'apps.kubernetes.io/pod-index': podName.slice(name.length + 1),
            },
          }),
        );
      }
    }

    const pods = podsOwnedBy(store, sts);
    const ready = pods.filter(isPodReady).length;
    writeStatus(store, sts, {
      observedGeneration: sts.metadata.generation,
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas: pods.length,
      updatedReplicas: pods.length,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    });
  }
}
