import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Router as KubernetesRouter } from '@backstage/plugin-kubernetes';
import {
  isKubernetesAvailable,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-ops-common';
import { useOpsRefresh } from '@internal/plugin-ops-react';

/**
 * The entity's workloads from the Kubernetes backend, rendered by the Kubernetes plugin's own
 * content (clusters, deployments, pods, detected errors, per-cluster error panels). The content
 * loads on mount and then polls; an Ops tab refresh mounts it again to read the cluster at once.
 *
 * @public
 */
export function KubernetesCard() {
  const { entity } = useEntity();
  const { refreshKey } = useOpsRefresh();
  if (!isKubernetesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  return (
    <InfoCard title="Kubernetes">
      <KubernetesRouter key={refreshKey} />
    </InfoCard>
  );
}
