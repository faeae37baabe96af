import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { OpsTable } from '@internal/plugin-ops-react';
import { describeHpaMetrics, HpaObject, hpaProblems } from './hpaMetrics';

function Count(props: { label: string; value?: number }) {
  return (
    <Box mr={4} aria-label={`${props.label} replicas`} role="group">
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h5">{props.value ?? '–'}</Typography>
    </Box>
  );
}

/**
 * One HPA: its replica bounds and counts, every metric it scales on with target and current
 * value, and the conditions that keep it from scaling.
 */
export function HpaDetails(props: { hpa: HpaObject; cluster: string }) {
  const { hpa, cluster } = props;
  const name = hpa.metadata?.name ?? 'unnamed';
  const target = hpa.spec?.scaleTargetRef;
  const rows = describeHpaMetrics(hpa);
  return (
    <Box component="section" aria-label={`HPA ${name}`} mb={3}>
      <Typography variant="subtitle1">
        {name}
        <Typography component="span" variant="body2" color="textSecondary">
          {' '}
          in {hpa.metadata?.namespace ?? '?'} on {cluster}
          {target ? `, scales ${target.kind}/${target.name}` : ''}
        </Typography>
      </Typography>
      <Box display="flex" my={1}>
        <Count label="Min" value={hpa.spec?.minReplicas ?? 1} />
        <Count label="Max" value={hpa.spec?.maxReplicas} />
        <Count label="Current" value={hpa.status?.currentReplicas} />
        <Count label="Desired" value={hpa.status?.desiredReplicas} />
      </Box>
      {hpaProblems(hpa).map(problem => (
        <WarningPanel key={problem} title={problem} />
      ))}
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No metric targets: the HPA scales on the default CPU target.
        </Typography>
      ) : (
        <OpsTable aria-label={`Metrics of ${name}`}>
          <TableHead>
            <TableRow>
              <TableCell>Metric</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Measured on</TableCell>
              <TableCell>Target</TableCell>
              <TableCell>Current</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={`${row.type}|${row.name}|${row.scope}`}>
                <TableCell>{row.name}</TableCell>
                <TableCell>{row.type}</TableCell>
                <TableCell>{row.scope}</TableCell>
                <TableCell>{row.target}</TableCell>
                <TableCell>{row.current ?? 'unknown'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </OpsTable>
      )}
    </Box>
  );
}
