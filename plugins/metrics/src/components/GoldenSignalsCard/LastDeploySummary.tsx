import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  DeployImpactFigure,
  DeployMarkersResponse,
} from '@internal/plugin-metrics-react';
import { describeFigure, describeImpactHeading } from './describeDeploy';

const FIGURE_NAMES: Record<DeployImpactFigure['name'], string> = {
  'requests-per-second': 'Requests/s',
  'error-rate': '5xx ratio',
  'latency-p95': 'p95 latency',
};

/**
 * "Last deploy": the service's requests/s, 5xx ratio and p95 in the 15 minutes before and after
 * its latest Argo CD sync, a figure that now breaks the canary thresholds highlighted; and the
 * sources that could not be read.
 */
export function LastDeploySummary(props: {
  deploys: { value?: DeployMarkersResponse; error?: Error };
}) {
  const { value, error } = props.deploys;
  if (error) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="last-deploy-error"
      >
        Deploy markers are unavailable: {error.message}
      </Typography>
    );
  }
  if (!value) return null;
  const { impact, problems } = value;
  return (
    <Box mb={2} data-testid="last-deploy">
      {impact && (
        <>
          <Typography variant="subtitle2">
            {describeImpactHeading(impact)}
          </Typography>
          {impact.figures.length > 0 && (
            <Table size="small" aria-label="Last deploy">
              <TableHead>
                <TableRow>
                  <TableCell />
                  <TableCell align="right">Before</TableCell>
                  <TableCell align="right">After</TableCell>
                  <TableCell align="right">Change</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {impact.figures.map(figure => {
                  const text = describeFigure(figure);
                  return (
                    <TableRow
                      key={figure.name}
                      data-testid={`last-deploy-${figure.name}`}
                      data-regressed={figure.regressed}
                    >
                      <TableCell>{FIGURE_NAMES[figure.name]}</TableCell>
                      <TableCell align="right">{text.before}</TableCell>
                      <TableCell align="right">
                        <Typography
                          variant="body2"
                          color={figure.regressed ? 'error' : 'inherit'}
                          style={{ fontWeight: figure.regressed ? 600 : 400 }}
                        >
                          {text.after}
                          {figure.regressed ? ' ⚠' : ''}
                        </Typography>
                      </TableCell>
                      <TableCell align="right">{text.change}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </>
      )}
      {problems.map(problem => (
        <Typography
          key={problem}
          variant="caption"
          color="textSecondary"
          component="p"
          data-testid="last-deploy-problem"
        >
          {problem}
        </Typography>
      ))}
    </Box>
  );
}
