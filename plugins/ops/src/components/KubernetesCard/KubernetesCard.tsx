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

/**
 * The entity's workloads from the Kubernetes backend, rendered by the Kubernetes plugin's own
 * content (clusters, deployments, pods, detected errors, per-cluster error panels).
 *
 * @public
 */
export function KubernetesCard() {
  const { entity } = useEntity();
  if (!isKubernetesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  return (
    <InfoCard title="Kubernetes">
      <KubernetesRouter />
    </InfoCard>
  );
}
