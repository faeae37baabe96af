import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ArgoActionResult,
  ArgoActionsState,
  ArgoOperationView,
  isOperationActive,
} from '@internal/plugin-argocd-actions-common';
import { ArgoActionConflictError, argoActionsApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
import { operationKey } from './operationTracking';
import { ResourceResultsTable } from './ResourceResultsTable';
import { useActionRequest } from './useActionRequest';

/** Props of {@link SyncDialog}. */
export interface SyncDialogProps {
  entityRef: string;
  /** The live state: the dry run's progress and result come from it. */
  state: ArgoActionsState;
  /** The card still follows an operation (false: a dry run that never showed up is lost). */
  polling: boolean;
  onClose: () => void;
  /** A sync or dry run was accepted: the card shows `result.state` and follows the operation. */
  onStarted: (
    result: ArgoActionResult,
    before: ArgoOperationView | undefined,
    dryRun: boolean,
  ) => void;
  onConflict: (error: ArgoActionConflictError) => void;
}

interface DryRunRequest {
  prune: boolean;
  /** The finished operation shown before the dry run; the dry run is any other one. */
  previousKey: string | null;
}

/** The dry run's operation in `state`, once Argo CD shows it. */
function dryRunOperation(
  state: ArgoActionsState,
  request: DryRunRequest | undefined,
  prune: boolean,
): ArgoOperationView | undefined {
  const operation = state.operation;
  if (!request || request.prune !== prune || !operation?.dryRun) {
    return undefined;
  }
  return operationKey(operation) === request.previousKey
    ? undefined
    : operation;
}

/**
 * Sync the Application: prune or not, and (by default) a dry run first that lists what would
 * change per resource; the real sync is confirmed after it.
 */
export function SyncDialog(props: SyncDialogProps) {
  const { entityRef, state, polling } = props;
  const argoActionsApi = useApi(argoActionsApiRef);
  const [prune, setPrune] = useState(false);
  const [dryRunFirst, setDryRunFirst] = useState(true);
  const [dryRunRequest, setDryRunRequest] = useState<DryRunRequest>();
  const {
    busy: pending,
    requestError,
    send,
  } = useActionRequest(props.onConflict);
  const busy = pending !== undefined;

  const dryRun = dryRunOperation(state, dryRunRequest, prune);
  const dryRunRunning = dryRun ? isOperationActive(dryRun.phase) : false;
  const dryRunDone = dryRun !== undefined && !dryRunRunning;
  const waitingForDryRun =
    dryRunRequest !== undefined && dryRunRequest.prune === prune && !dryRunDone;
  const dryRunLost = waitingForDryRun && !dryRun && !polling;
  const operationActive = state.operation
    ? isOperationActive(state.operation.phase)
    : false;
  const nextStep = dryRunFirst && !dryRunDone ? 'dry-run' : 'sync';

  async function run() {
    const asDryRun = nextStep === 'dry-run';
    const before = state.operation;
    await send('request', async () => {
      const result = await argoActionsApi.sync({
        entityRef,
        prune,
        dryRun: asDryRun,
      });
      if (asDryRun) {
        setDryRunRequest({
          prune,
          previousKey:
            before && !isOperationActive(before.phase)
              ? operationKey(before)
              : null,
        });
      }
      props.onStarted(result, before, asDryRun);
    });
  }

  return (
    <ActionDialog
      titleId="argocd-sync-title"
      title={<>Sync {state.application}</>}
      wide
      onClose={props.onClose}
      requestError={requestError}
      errorTestId="argocd-sync-error"
      actions={
        <Button
          variant="contained"
          color="primary"
          data-testid="argocd-sync-confirm"
          disabled={busy || operationActive}
          onClick={run}
        >
          {nextStep === 'dry-run' ? 'Dry run' : 'Sync'}
        </Button>
      }
    >
      <Typography variant="body2" paragraph>
        Argo CD ({state.instance}) applies what Git has now to the cluster. The
        Application is {state.syncStatus} and {state.healthStatus}.
      </Typography>
      <FormControlLabel
        control={
          <Checkbox
            checked={prune}
            onChange={event => setPrune(event.target.checked)}
            disabled={busy}
          />
        }
        label="Prune: delete resources Git no longer has"
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={dryRunFirst}
            onChange={event => setDryRunFirst(event.target.checked)}
            disabled={busy}
          />
        }
        label="Dry run first"
      />
      {waitingForDryRun && !dryRunLost && (
        <Box mt={2} data-testid="argocd-dry-run-running">
          <Typography variant="body2">
            Dry run {dryRun?.phase ?? 'requested'}: Argo CD works out what would
            change…
          </Typography>
          <LinearProgress aria-label="Dry run in progress" />
        </Box>
      )}
      {dryRunLost && (
        <Box mt={2}>
          <Alert severity="warning">
            Argo CD did not report the dry run. Run it again.
          </Alert>
        </Box>
      )}
      {dryRun && dryRunDone && (
        <Box mt={2}>
          <Typography variant="h6">What the sync would change</Typography>
          {dryRun.phase !== 'Succeeded' && (
            <Alert severity="warning" data-testid="argocd-dry-run-failed">
              The dry run ended {dryRun.phase}: {dryRun.message}
            </Alert>
          )}
          <ResourceResultsTable
            resources={dryRun.resources}
            label="Resources the sync would change"
            testId="argocd-dry-run-resources"
            emptyText="The dry run changes no resource."
          />
        </Box>
      )}
    </ActionDialog>
  );
}
