import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { DeployMarker } from '../../api/types';
import { formatSampleTime } from '../TimeSeriesChart/format';

/** The colour of a marker's line and badge: syncs blue-grey, rollout steps purple. @public */
export const MARKER_COLOURS: Record<DeployMarker['kind'], string> = {
  sync: '#546e7a',
  rollout: '#8e24aa',
};

/** Everything known about a marker, one line each, for its tooltip. */
export function markerDetails(marker: DeployMarker): string[] {
  return [
    `${marker.label} at ${new Date(marker.time).toLocaleString()}`,
    ...(marker.revision ? [`Revision ${marker.revision}`] : []),
    ...(marker.author ? [`By ${marker.author}`] : []),
    ...(marker.message ? [marker.message] : []),
  ];
}

/**
 * The markers of a chart as a row of small badges under it, each with its time and label, a
 * tooltip with the revision, author and message, and a link to the commit when there is one.
 * @public
 */
export function DeployMarkerList(props: {
  title: string;
  markers: DeployMarker[];
}) {
  const { title, markers } = props;
  if (markers.length === 0) return null;
  return (
    <Box
      component="ul"
      aria-label={`${title} deploys`}
      display="flex"
      flexWrap="wrap"
      p={0}
      m={0}
      style={{ listStyle: 'none', gap: 8 }}
    >
      {markers.map(marker => {
        const text = `${formatSampleTime(marker.time / 1000)} ${marker.label}`;
        return (
          <li key={`${marker.kind}-${marker.time}-${marker.label}`}>
            <Tooltip title={markerDetails(marker).join(' · ')}>
              <Typography
                variant="caption"
                data-testid="deploy-marker"
                style={{
                  borderLeft: `3px solid ${MARKER_COLOURS[marker.kind]}`,
                  paddingLeft: 4,
                }}
              >
                {marker.url ? <Link to={marker.url}>{text}</Link> : text}
              </Typography>
            </Tooltip>
          </li>
        );
      })}
    </Box>
  );
}
