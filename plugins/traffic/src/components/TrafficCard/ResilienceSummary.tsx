import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { resilienceEqual, TrafficState } from '@internal/plugin-traffic-common';
import { describeResilience } from './describe';

function Lines(props: { lines: string[]; testId: string }) {
  if (props.lines.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={props.testId}
      >
        No resilience settings (Istio's defaults apply).
      </Typography>
    );
  }
  return (
    <ul data-testid={props.testId} style={{ marginTop: 4, paddingLeft: 20 }}>
      {props.lines.map(line => (
        <li key={line}>
          <Typography variant="body2">{line}</Typography>
        </li>
      ))}
    </ul>
  );
}

/** The live resilience settings, and what Git asks for when it differs. */
export function ResilienceSummary(props: { state: TrafficState }) {
  const { live, desired } = props.state;
  const differs = !resilienceEqual(live.resilience, desired.resilience);
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Resilience (live)</Typography>
      <Lines
        lines={describeResilience(live.resilience)}
        testId="traffic-resilience-live"
      />
      {differs && (
        <>
          <Typography variant="subtitle2">
            Resilience (desired in Git)
          </Typography>
          <Lines
            lines={describeResilience(desired.resilience)}
            testId="traffic-resilience-desired"
          />
        </>
      )}
    </Box>
  );
}
