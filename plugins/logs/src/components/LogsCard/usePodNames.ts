import { Entity } from '@backstage/catalog-model';
import { useKubernetesObjects } from '@backstage/plugin-kubernetes-react';

/** How often the pod list refreshes; pods come and go with rollouts and autoscaling. */
const POD_REFRESH_MS = 30_000;

/** The entity's pods (names, sorted) and any per-cluster error, as the Kubernetes card sees them. */
export interface PodNames {
  podNames: string[];
  loading: boolean;
  /** The request failed, or a cluster answered with errors. */
  error?: string;
}

/**
 * The entity's pod names from the Kubernetes backend, through the Kubernetes plugin's
 * `kubernetesApiRef` (`useKubernetesObjects`), the same objects the Ops tab's Kubernetes card
 * renders.
 */
export function usePodNames(entity: Entity): PodNames {
  const { kubernetesObjects, loading, error } = useKubernetesObjects(
    entity,
    POD_REFRESH_MS,
  );
  const clusters = kubernetesObjects?.items ?? [];
  const podNames = new Set<string>();
  for (const cluster of clusters) {
    for (const group of cluster.resources) {
      if (group.type !== 'pods') continue;
      for (const pod of group.resources) {
        if (pod.metadata?.name) podNames.add(pod.metadata.name);
      }
    }
  }
  const clusterErrors = clusters.flatMap(cluster =>
    cluster.errors.map(e => `${cluster.cluster.name}: ${e.errorType}`),
  );
  return {
    podNames: [...podNames].sort(),
    loading: loading && !kubernetesObjects,
    error:
      error ?? (clusterErrors.length ? clusterErrors.join('; ') : undefined),
  };
}
