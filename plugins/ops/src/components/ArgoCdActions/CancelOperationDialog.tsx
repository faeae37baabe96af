import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ArgoActionResult,
  ArgoActionsState,
  ArgoOperationView,
} from '@internal/plugin-argocd-actions-common';
import { ArgoActionConflictError, argoActionsApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
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
    <ActionDialog
      titleId="argocd-cancel-title"
      title={
        <>
          Cancel the running {kind} of {state.application}
        </>
      }
      onClose={props.onClose}
      closeLabel="Keep it running"
      requestError={requestError}
      errorTestId="argocd-cancel-error"
      actions={
        <Button
          variant="contained"
          color="secondary"
          data-testid="argocd-cancel-confirm"
          disabled={busy !== undefined}
          onClick={cancel}
        >
          Terminate
        </Button>
      }
    >
      <Typography variant="body2">
        Argo CD terminates the operation: resources it has not applied yet stay
        as they are, those it applied stay applied.
      </Typography>
    </ActionDialog>
  );
}
