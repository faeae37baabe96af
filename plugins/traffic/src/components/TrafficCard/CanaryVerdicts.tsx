import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { TrafficState } from '@internal/plugin-traffic-common';
import {
  CanaryAnalysisResult,
  CanaryCheck,
  CanaryStatus,
  CanaryVerdict,
  isMissingAnnotation,
} from '@internal/plugin-metrics-react';
import { OpsTable } from '@internal/plugin-ops-react';
import { describeThresholds, errorMessage, subsetVersion } from './describe';

/** The canary analysis as the card loaded it. */
export interface CanaryAnalysisView {
  loading: boolean;
  value?: CanaryAnalysisResult;
  error?: Error;
}

const CHIP_COLOURS: Record<CanaryStatus, string> = {
  passed: '#2e7d32',
  failed: '#c62828',
  inconclusive: '#757575',
};

function VerdictChip(props: { verdict: CanaryVerdict }) {
  const { verdict } = props;
  return (
    <Tooltip title={verdict.checks.map(c => c.message).join('; ')}>
      <Chip
        size="small"
        label={verdict.status}
        style={{ backgroundColor: CHIP_COLOURS[verdict.status], color: '#fff' }}
      />
    </Tooltip>
  );
}

function CheckValue(props: { check?: CanaryCheck; unit: string }) {
  const { check, unit } = props;
  if (!check || check.value === null) return <>—</>;
  return (
    <Typography
      variant="body2"
      component="span"
      color={check.status === 'failed' ? 'error' : 'inherit'}
    >
      {check.value}
      {unit}
    </Typography>
  );
}

/**
 * The subsets that take traffic: a live weight above 0, or requests in the analysis interval.
 * The verdicts are shown once two or more do (a canary next to its stable version).
 */
export function subsetsReceivingTraffic(
  state: TrafficState,
  verdicts: CanaryVerdict[],
): string[] {
  const names = state.subsets.map(s => s.name);
  return names.filter(name => {
    const subset = state.subsets.find(s => s.name === name)!;
    const weight = state.live.weights.find(w => w.subset === name)?.weight ?? 0;
    const verdict = verdicts.find(v => v.version === subsetVersion(subset));
    return weight > 0 || (verdict?.requests ?? 0) > 0;
  });
}

/**
 * Per subset that takes traffic: the canary verdict over the last interval (passed, failed,
 * inconclusive) with the success rate, p99 and request count it was judged on, and the
 * thresholds in force. Hidden while fewer than two subsets take traffic.
 */
export function CanaryVerdicts(props: {
  state: TrafficState;
  analysis: CanaryAnalysisView;
}) {
  const { state, analysis } = props;
  if (analysis.error) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        data-testid="traffic-canary-error"
      >
        Canary analysis unavailable: {errorMessage(analysis.error)}
      </Typography>
    );
  }
  const value = analysis.value;
  if (!value) return null;
  if (isMissingAnnotation(value)) {
    return (
      <Typography
        variant="caption"
        color="error"
        component="p"
        data-testid="traffic-canary-error"
      >
        {value.message}
      </Typography>
    );
  }
  const names = subsetsReceivingTraffic(state, value.versions);
  if (names.length < 2) return null;
  const minutes = value.intervalSeconds / 60;
  const interval =
    value.intervalSeconds % 60 === 0
      ? `${minutes} min`
      : `${value.intervalSeconds} s`;
  return (
    <Box mt={2} data-testid="traffic-canary">
      <Typography variant="subtitle2">
        Canary analysis (last {interval})
      </Typography>
      <OpsTable aria-label="Canary analysis per subset">
        <TableHead>
          <TableRow>
            <TableCell>Subset</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell align="right">Success rate</TableCell>
            <TableCell align="right">p99</TableCell>
            <TableCell align="right">Requests</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map(name => {
            const subset = state.subsets.find(s => s.name === name)!;
            const verdict = value.versions.find(
              v => v.version === subsetVersion(subset),
            );
            const check = (id: CanaryCheck['name']) =>
              verdict?.checks.find(c => c.name === id);
            return (
              <TableRow key={name} data-testid={`traffic-canary-${name}`}>
                <TableCell component="th" scope="row">
                  {name}
                </TableCell>
                <TableCell data-testid={`traffic-canary-verdict-${name}`}>
                  {verdict ? (
                    <VerdictChip verdict={verdict} />
                  ) : (
                    <Typography variant="body2" color="textSecondary">
                      no requests
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right">
                  <CheckValue check={check('success-rate')} unit="%" />
                </TableCell>
                <TableCell align="right">
                  <CheckValue check={check('latency-p99')} unit=" ms" />
                </TableCell>
                <TableCell align="right">
                  {verdict ? verdict.requests : 0}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </OpsTable>
      <Typography variant="caption" color="textSecondary">
        {describeThresholds(value)}
      </Typography>
    </Box>
  );
}
