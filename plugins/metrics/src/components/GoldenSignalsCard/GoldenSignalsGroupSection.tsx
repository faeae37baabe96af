import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  DeployMarker,
  GoldenSignalsGroup,
  TimeSeriesChart,
} from '@internal/plugin-metrics-react';

const EMPTY_MESSAGES: Record<GoldenSignalsGroup['id'], string> = {
  'kong-routes':
    'No Kong metrics for this service in the window. Kong exports them only when the KongPlugin ' +
    '"prometheus" sets status_code_metrics, latency_metrics, bandwidth_metrics and ' +
    'upstream_health_metrics.',
  'istio-versions':
    'No Istio metrics for this service in the window. Istio reports them for workloads with a ' +
    'sidecar that receive traffic.',
};

function emptyMessage(group: GoldenSignalsGroup): string {
  return (
    EMPTY_MESSAGES[group.id] ??
    `No ${group.title} metrics for this service in the window.`
  );
}

const GROUP_LABELS: Record<GoldenSignalsGroup['groupBy'], string> = {
  route: 'per Kong route',
  destination_version: 'per destination version',
};

/**
 * One traffic source of the golden signals card: its panels in a grid, the backend's error for
 * that source only, or a line saying the window has no data for it.
 */
export function GoldenSignalsGroupSection(props: {
  group: GoldenSignalsGroup;
  /** Drawn on every chart; the card lists them once. */
  markers?: DeployMarker[];
}) {
  const { group, markers } = props;
  const hasData = group.panels.some(panel =>
    panel.series.some(line => line.points.some(([, value]) => value !== null)),
  );
  return (
    <Box component="section" aria-label={group.title} mb={3}>
      <Typography variant="h6" gutterBottom>
        {group.title}{' '}
        <Typography component="span" variant="body2" color="textSecondary">
          {GROUP_LABELS[group.groupBy] ?? `by ${group.groupBy}`}
        </Typography>
      </Typography>
      {group.status === 'error' && (
        <WarningPanel
          severity="error"
          title={`${group.title} could not be read from Prometheus`}
          message={group.error ?? 'The metrics backend gave no reason.'}
        />
      )}
      {group.status === 'ok' && !hasData && (
        <Typography variant="body2" color="textSecondary">
          {emptyMessage(group)}
        </Typography>
      )}
      {group.status === 'ok' && hasData && (
        <Grid container spacing={2}>
          {group.panels.map(panel => (
            <Grid item xs={12} md={6} lg={4} key={panel.id}>
              <TimeSeriesChart
                title={panel.title}
                unit={panel.unit}
                series={panel.series}
                graphUrl={panel.graphUrl}
                markers={markers}
                listMarkers={false}
              />
            </Grid>
          ))}
        </Grid>
      )}
    </Box>
  );
}
