import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ArgoActionResult,
  ArgoActionsState,
  ArgoOperationView,
} from '@internal/plugin-argocd-actions-common';
import { RequestErrorAlert } from '@internal/plugin-ops-react';
import { ArgoActionConflictError, argoActionsApiRef } from '../../api';
import { useActionRequest } from './useActionRequest';

/** Props of {@link CancelOperationDialog}. */
export interface CancelOperationDialogProps {
  entityRef: string;
  state: ArgoActionsState;
  onClose: () => void;
  onCancelled: (
    result: ArgoActionResult,
    before: ArgoOperationView | undefined,
  ) => void;
  onConflict: (error: ArgoActionConflictError) => void;
}

/** Confirms terminating the running operation. */
export function CancelOperationDialog(props: CancelOperationDialogProps) {
  const { entityRef, state } = props;
  const argoActionsApi = useApi(argoActionsApiRef);
  const { busy, requestError, send } = useActionRequest(props.onConflict);
  const kind = state.operation?.kind === 'rollback' ? 'rollback' : 'sync';

  async function cancel() {
    const before = state.operation;
    await send('request', async () =>
      props.onCancelled(await argoActionsApi.cancel({ entityRef }), before),
    );
  }

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="argocd-cancel-title">
      <DialogTitle id="argocd-cancel-title">
        Cancel the running {kind} of {state.application}
      </DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2">
          Argo CD terminates the operation: resources it has not applied yet
          stay as they are, those it applied stay applied.
        </Typography>
        <RequestErrorAlert
          message={requestError}
          testId="argocd-cancel-error"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Keep it running</Button>
        <Button
          variant="contained"
          color="secondary"
          data-testid="argocd-cancel-confirm"
          disabled={busy !== undefined}
          onClick={cancel}
        >
          Terminate
        </Button>
      </DialogActions>
    </Dialog>
  );
}
