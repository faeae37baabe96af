import type { ResponseError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isKubernetesAvailable,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-ops-common';
import { useOpsTimeRange } from '@internal/plugin-ops-react';
import useAsync from 'react-use/esm/useAsync';
import {
  DeployMarkerList,
  isMissingAnnotation,
  metricsApiRef,
  useDeployMarkers,
} from '@internal/plugin-metrics-react';
import { GoldenSignalsGroupSection } from './GoldenSignalsGroupSection';
import { LastDeploySummary } from './LastDeploySummary';

const TITLE = 'Golden signals';

/**
 * Requests, error ratio and latency of the entity's service over the Ops tab's time window, one
 * section per traffic source (Kong routes, Istio destination versions), read from Prometheus
 * through the metrics backend; the window's deploys (Argo CD syncs, rollout steps) as markers on
 * every chart, and the last deploy's before/after comparison.
 *
 * @public
 */
export function GoldenSignalsCard() {
  const { entity } = useEntity();
  if (!isKubernetesAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  return <GoldenSignalsContent entityRef={stringifyEntityRef(entity)} />;
}

function GoldenSignalsContent(props: { entityRef: string }) {
  const { entityRef } = props;
  const metricsApi = useApi(metricsApiRef);
  const { window } = useOpsTimeRange();
  const end = window.to.getTime();
  const { value, loading, error } = useAsync(
    () =>
      metricsApi.getGoldenSignals({
        entityRef,
        range: window.range,
        end: new Date(end),
      }),
    [metricsApi, entityRef, window.range, end],
  );
  const deploys = useDeployMarkers(entityRef);

  if (loading) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title={TITLE}>
        <ResponseErrorPanel title={causeOf(error)} error={error} />
      </InfoCard>
    );
  }
  if (!value) return null;
  if (isMissingAnnotation(value)) {
    return <MissingAnnotationEmptyState annotation={value.missingAnnotation} />;
  }

  const { instance, groups } = value;
  return (
    <InfoCard
      title={TITLE}
      subheader={`Prometheus instance ${instance.name}, last ${window.range}`}
      deepLink={
        instance.grafanaDashboardUrl
          ? { title: 'Open in Grafana', link: instance.grafanaDashboardUrl }
          : undefined
      }
    >
      <LastDeploySummary deploys={deploys} />
      {groups.map(group => (
        <GoldenSignalsGroupSection
          key={group.id}
          group={group}
          markers={deploys.value?.markers}
        />
      ))}
      <DeployMarkerList
        title="Golden signals"
        markers={deploys.value?.markers ?? []}
      />
    </InfoCard>
  );
}

/**
 * The backend's own message (it names Prometheus, the instance and the cause) instead of the
 * generic "Request failed with 503" of a failed fetch.
 */
function causeOf(error: Error): string {
  const body = (error as Partial<ResponseError>).body;
  return body?.error?.message ?? error.message;
}
