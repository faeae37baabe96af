import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useKubernetesObjects } from '@backstage/plugin-kubernetes-react';
import {
  isKubernetesAvailable,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-ops-common';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import Typography from '@material-ui/core/Typography';
import { HpaDetails } from './HpaDetails';
import { HpaHistorySection } from './HpaHistorySection';
import { findHpas, hpaFetchErrors } from './kubernetesHpas';

const TITLE = 'Horizontal Pod Autoscaler';
/** The Kubernetes card refreshes every 10 s; HPA status changes on the controller's 15 s loop. */
const REFRESH_MS = 30_000;

/**
 * The entity's HorizontalPodAutoscalers (autoscaling/v2) as the Kubernetes backend returns them —
 * replica bounds and counts, every metric target with its current value — and the replica history
 * from Prometheus. A failing Kubernetes or Prometheus read degrades only its part of this card.
 *
 * @public
 */
export function HpaCard() {
  const { entity } = useEntity();
  const { refreshKey } = useOpsRefresh();
  if (!isKubernetesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  // An Ops tab refresh mounts the content again: the Kubernetes read happens at once.
  return <HpaCardContent key={refreshKey} />;
}

function HpaCardContent() {
  const { entity } = useEntity();
  const { kubernetesObjects, loading, error } = useKubernetesObjects(
    entity,
    REFRESH_MS,
  );
  const hpas = findHpas(kubernetesObjects);
  const fetchErrors = hpaFetchErrors(kubernetesObjects);
  const kubernetesId = entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION];

  let kubernetesPart: JSX.Element | JSX.Element[];
  if (loading && !kubernetesObjects) {
    kubernetesPart = <Progress />;
  } else if (error && !kubernetesObjects) {
    kubernetesPart = (
      <WarningPanel
        severity="error"
        title="Kubernetes: the HorizontalPodAutoscaler could not be read"
        message={error}
      />
    );
  } else if (hpas.length === 0 && fetchErrors.length === 0) {
    kubernetesPart = (
      <Typography variant="body2" color="textSecondary" paragraph>
        No HorizontalPodAutoscaler labelled {KUBERNETES_ID_ANNOTATION}=
        {kubernetesId} in the clusters.
      </Typography>
    );
  } else {
    kubernetesPart = hpas.map(({ cluster, hpa }) => (
      <HpaDetails
        key={`${cluster}/${hpa.metadata?.namespace}/${hpa.metadata?.name}`}
        cluster={cluster}
        hpa={hpa}
      />
    ));
  }

  return (
    <InfoCard title={TITLE}>
      {fetchErrors.map(message => (
        <WarningPanel
          key={message}
          severity="error"
          title="Kubernetes: HorizontalPodAutoscalers could not be read from a cluster"
          message={message}
        />
      ))}
      {kubernetesPart}
      <HpaHistorySection entityRef={stringifyEntityRef(entity)} />
    </InfoCard>
  );
}
