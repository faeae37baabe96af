import { useState } from 'react';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ArgoActionResult,
  ArgoActionsState,
  ArgoHistoryEntry,
  ArgoOperationView,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
import { ArgoActionConflictError, argoActionsApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
import { formatTime, shortSha } from './describe';
import { RollbackPreviewView } from './RollbackPreviewView';
import { useActionRequest } from './useActionRequest';

/** Props of {@link RollbackDialog}. */
export interface RollbackDialogProps {
  entityRef: string;
  state: ArgoActionsState;
  onClose: () => void;
  /** The rollback was accepted: the card shows the result and follows the operation. */
  onRolledBack: (
    result: ArgoActionResult,
    preview: ArgoRollbackPreview,
    before: ArgoOperationView | undefined,
  ) => void;
  onConflict: (error: ArgoActionConflictError) => void;
}

/** "0f9e8d7 · 21/11/2026, 09:00 · Bob · driver 1.3.2 (running now)". */
function describeEntry(entry: ArgoHistoryEntry): string {
  return [
    shortSha(entry.revision),
    formatTime(entry.deployedAt),
    entry.author,
    entry.message,
  ]
    .filter(Boolean)
    .join(' · ')
    .concat(entry.current ? ' (running now)' : '');
}

/**
 * Roll the Application back: choose an earlier deployment (the current one cannot be chosen),
 * preview what changes, confirm. The confirmation sends the revision the preview was computed
 * on, so a branch or Application that moved since is refused (409), never overwritten.
 */
export function RollbackDialog(props: RollbackDialogProps) {
  const { entityRef, state } = props;
  const argoActionsApi = useApi(argoActionsApiRef);
  const [historyId, setHistoryId] = useState<number>();
  const [preview, setPreview] = useState<ArgoRollbackPreview>();
  const { busy, requestError, send } = useActionRequest<'preview' | 'rollback'>(
    props.onConflict,
  );
  const currentPreview =
    preview && preview.historyId === historyId ? preview : undefined;

  async function run(kind: 'preview' | 'rollback') {
    if (historyId === undefined) return;
    const before = state.operation;
    await send(kind, async () => {
      if (kind === 'preview') {
        setPreview(
          await argoActionsApi.previewRollback({ entityRef, historyId }),
        );
      } else if (currentPreview) {
        const result = await argoActionsApi.rollback({
          entityRef,
          historyId,
          expectedRevision:
            currentPreview.baseRevision ?? currentPreview.fromRevision,
          mode: currentPreview.mode,
        });
        props.onRolledBack(result, currentPreview, before);
      }
    });
  }

  return (
    <ActionDialog
      titleId="argocd-rollback-title"
      title={<>Roll back {state.application}</>}
      wide
      onClose={props.onClose}
      requestError={requestError}
      errorTestId="argocd-rollback-error"
      actions={
        <>
          <Button
            variant="outlined"
            data-testid="argocd-rollback-preview-button"
            disabled={historyId === undefined || busy !== undefined}
            onClick={() => run('preview')}
          >
            Preview
          </Button>
          <Button
            variant="contained"
            color="primary"
            data-testid="argocd-rollback-confirm"
            disabled={!currentPreview || busy !== undefined}
            onClick={() => run('rollback')}
          >
            Roll back
          </Button>
        </>
      }
    >
      <Typography variant="body2" paragraph>
        Choose the deployment to go back to. Nothing changes until you confirm
        the preview.
      </Typography>
      <RadioGroup
        aria-label="Deployment to roll back to"
        value={historyId === undefined ? '' : String(historyId)}
        onChange={event => setHistoryId(Number(event.target.value))}
      >
        {state.history.map(entry => (
          <FormControlLabel
            key={entry.id}
            value={String(entry.id)}
            disabled={entry.current || busy !== undefined}
            control={<Radio />}
            label={describeEntry(entry)}
            data-testid={`argocd-history-${entry.id}`}
          />
        ))}
      </RadioGroup>
      {currentPreview && <RollbackPreviewView preview={currentPreview} />}
    </ActionDialog>
  );
}
