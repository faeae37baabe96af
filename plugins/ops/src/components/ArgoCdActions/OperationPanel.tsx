import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  ArgoOperationView,
  isOperationActive,
} from '@internal/plugin-argocd-actions-common';
import { errorMessage, formatTime, shortSha } from './describe';
import { ResourceResultsTable } from './ResourceResultsTable';

function phaseColor(phase: ArgoOperationView['phase']) {
  if (phase === 'Succeeded') return 'primary';
  if (phase === 'Failed' || phase === 'Error') return 'secondary';
  return 'default';
}

/** "Sync (dry run, prune) of a1b2c3d by alice, started …". */
function describeOperation(operation: ArgoOperationView): string {
  const options = [
    operation.dryRun && 'dry run',
    operation.prune && 'prune',
  ].filter(Boolean);
  const kind = operation.kind === 'rollback' ? 'Rollback' : 'Sync';
  return [
    `${kind}${options.length ? ` (${options.join(', ')})` : ''}`,
    operation.revision && `of ${shortSha(operation.revision)}`,
    `by ${operation.initiatedBy}`,
    `started ${formatTime(operation.startedAt)}`,
    operation.finishedAt && `finished ${formatTime(operation.finishedAt)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Props of {@link OperationPanel}. */
export interface OperationPanelProps {
  operation: ArgoOperationView;
  /** The last poll failed; polling goes on. */
  pollError?: Error;
}

/**
 * The Application's current or last operation: its phase, live while it runs (Running, then
 * Succeeded, Failed or Error), Argo CD's message and the resources, failed ones first.
 */
export function OperationPanel(props: OperationPanelProps) {
  const { operation, pollError } = props;
  const active = isOperationActive(operation.phase);
  return (
    <Box mt={2} data-testid="argocd-operation" aria-live="polite">
      <Box display="flex" alignItems="center" gridGap={8}>
        <Typography variant="subtitle2">
          {active ? 'Operation' : 'Last operation'}
        </Typography>
        <Chip
          size="small"
          color={phaseColor(operation.phase)}
          label={operation.phase}
          data-testid="argocd-operation-phase"
          data-phase={operation.phase}
        />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {describeOperation(operation)}
      </Typography>
      {active && (
        <Box my={1}>
          <LinearProgress aria-label="Argo CD operation in progress" />
        </Box>
      )}
      {operation.message && (
        <Typography variant="body2" data-testid="argocd-operation-message">
          {operation.message}
        </Typography>
      )}
      {pollError && (
        <Typography variant="caption" color="error">
          The last status check failed ({errorMessage(pollError)}); retrying.
        </Typography>
      )}
      {operation.resources.length > 0 && (
        <Box mt={1}>
          <ResourceResultsTable
            resources={operation.resources}
            label="Resources of the operation"
            testId="argocd-operation-resources"
            emptyText=""
          />
        </Box>
      )}
    </Box>
  );
}
