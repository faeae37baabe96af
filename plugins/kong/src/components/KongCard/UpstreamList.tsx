import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type {
  KongHealthSource,
  KongTargetHealth,
  KongUpstreamSummary,
} from '@internal/plugin-kong-common';

const HEALTH_SOURCE: Record<KongHealthSource, string> = {
  'admin-api': "Kong's own health checks (Admin API)",
  endpointslices:
    'pod readiness from the EndpointSlices KIC configures as targets, not Kong health checks',
  endpoints:
    'pod readiness from the Endpoints KIC configures as targets, not Kong health checks',
  pods: "readiness of the Service's pods, not Kong health checks",
};

function HealthStatus(props: { health: KongTargetHealth }) {
  switch (props.health) {
    case 'healthy':
      return <StatusOK>healthy</StatusOK>;
    case 'unhealthy':
    case 'dns_error':
      return <StatusError>{props.health.replace('_', ' ')}</StatusError>;
    default:
      return <StatusWarning>{props.health.replace('_', ' ')}</StatusWarning>;
  }
}

/** Each upstream's targets and their health. */
export function UpstreamList(props: { upstreams: KongUpstreamSummary[] }) {
  if (props.upstreams.length === 0) {
    return <Typography variant="body2">No Kong upstreams.</Typography>;
  }
  return (
    <>
      {props.upstreams.map(upstream => (
        <Box key={upstream.name} mb={1}>
          <Typography variant="subtitle2">{upstream.name}</Typography>
          <Typography variant="caption" color="textSecondary">
            Health: {HEALTH_SOURCE[upstream.healthSource]}
          </Typography>
          {upstream.targets.length === 0 ? (
            <Typography variant="body2">
              No targets: nothing can serve.
            </Typography>
          ) : (
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              {upstream.targets.map(target => (
                <Chip
                  key={target.target}
                  size="small"
                  variant="outlined"
                  label={
                    <>
                      {target.target} <HealthStatus health={target.health} />
                    </>
                  }
                />
              ))}
            </Box>
          )}
        </Box>
      ))}
    </>
  );
}
