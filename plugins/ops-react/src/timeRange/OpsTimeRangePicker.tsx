import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useOpsTimeRange } from './OpsTimeRangeContext';
import { isOpsTimeRange, OPS_TIME_RANGES } from './timeRange';

/**
 * The range buttons (15 m, 1 h, 6 h, 24 h) and a refresh button for the Ops tab's time window.
 * @public
 */
export function OpsTimeRangePicker() {
  const { window, setRange, refresh } = useOpsTimeRange();
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Typography variant="body2" color="textSecondary">
        Time window
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={window.range}
        aria-label="Time window"
        onChange={(_event, value) => {
          if (isOpsTimeRange(value)) setRange(value);
        }}
      >
        {OPS_TIME_RANGES.map(range => (
          <ToggleButton key={range} value={range} aria-label={`Last ${range}`}>
            {range}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Tooltip title="Move the window's end to now">
        <IconButton
          size="small"
          aria-label="Refresh time window"
          onClick={refresh}
        >
          <RefreshIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Typography variant="caption" color="textSecondary">
        {window.from.toLocaleTimeString()} – {window.to.toLocaleTimeString()}
      </Typography>
    </Box>
  );
}
