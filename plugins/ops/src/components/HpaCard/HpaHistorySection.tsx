import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  isMissingAnnotation,
  metricsApiRef,
  TimeSeriesChart,
  useDeployMarkers,
} from '@internal/plugin-metrics-react';
import { useOpsTimeRange } from '@internal/plugin-ops-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/**
 * Current, desired, min and max replicas over the Ops tab's window, from kube-state-metrics in
 * Prometheus (through the metrics backend), with the window's deploys as markers. A Prometheus
 * failure shows here only.
 */
export function HpaHistorySection(props: { entityRef: string }) {
  const { entityRef } = props;
  const metricsApi = useApi(metricsApiRef);
  const { window } = useOpsTimeRange();
  const end = window.to.getTime();
  const { value, loading, error } = useAsync(
    () =>
      metricsApi.getHpaHistory({
        entityRef,
        range: window.range,
        end: new Date(end),
      }),
    [metricsApi, entityRef, window.range, end],
  );
  const deploys = useDeployMarkers(entityRef);

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title="Prometheus: the replica history could not be read"
        error={error}
      />
    );
  } else if (!value || isMissingAnnotation(value) || !value.available) {
    content = (
      <Typography variant="body2" color="textSecondary">
        kube-state-metrics has no replica series for this HPA in Prometheus.
      </Typography>
    );
  } else {
    content = (
      <TimeSeriesChart
        title={`Replicas, last ${window.range}`}
        unit="replicas"
        series={value.series}
        markers={deploys.value?.markers}
      />
    );
  }
  return (
    <Box component="section" aria-label="Replica history">
      <Typography variant="subtitle1" gutterBottom>
        Replica history
      </Typography>
      {content}
    </Box>
  );
}
