import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  TrafficPreview,
  TrafficSaveRequest,
  TrafficSaveResponse,
  TrafficState,
} from '@internal/plugin-traffic-common';
import { RequestErrorAlert } from '@internal/plugin-ops-react';
import { TrafficConflictError, trafficApiRef } from '../../api';
import { errorMessage } from '../TrafficCard/describe';
import { checkEdit } from './checkEdit';
import { PreviewDiff } from './PreviewDiff';
import { ResilienceEditor } from './ResilienceEditor';
import { resilienceFormFrom } from './resilienceForm';
import { WeightsEditor } from './WeightsEditor';
import { initialWeightInputs, weightRows } from './weightsForm';

/** Props of {@link TrafficEditorDialog}. */
export interface TrafficEditorDialogProps {
  /** The state the edit starts from; its desired policy fills the form. */
  state: TrafficState;
  entityRef: string;
  canChangeWeights: boolean;
  canChangeResilience: boolean;
  weightsDeniedText: string;
  resilienceDeniedText: string;
  onClose: () => void;
  onSaved: (result: TrafficSaveResponse) => void;
  /** Someone else changed the policy since `state`: the edit is dropped for `current`. */
  onConflict: (current: TrafficState) => void;
}

/** The backend's message, prefixed with what the status means to the user. */
function requestErrorText(error: Error): string {
  const message = errorMessage(error);
  if (error instanceof ResponseError) {
    if (error.statusCode === 400) return `The change was refused: ${message}`;
    if (error.statusCode === 403) return `Not allowed: ${message}`;
  }
  return message;
}

/**
 * Edits the desired traffic policy: weights (sliders, inputs, presets, force for subsets
 * without ready pods) and resilience settings, checked with the shared schema as the user
 * types; Preview shows the diff the backend would apply, Save applies it.
 */
export function TrafficEditorDialog(props: TrafficEditorDialogProps) {
  const { state, entityRef, canChangeWeights, canChangeResilience } = props;
  const trafficApi = useApi(trafficApiRef);
  const rows = useMemo(() => weightRows(state), [state]);
  const [weightInputs, setWeightInputs] = useState(() =>
    initialWeightInputs(state),
  );
  const [resilienceForm, setResilienceForm] = useState(() =>
    resilienceFormFrom(state.desired.resilience),
  );
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<{
    key: string;
    value: TrafficPreview;
  }>();
  const [busy, setBusy] = useState<'preview' | 'save'>();
  const [requestError, setRequestError] = useState<string>();

  const check = useMemo(
    () => checkEdit({ state, weightInputs, resilienceForm, force }),
    [state, weightInputs, resilienceForm, force],
  );
  const request: TrafficSaveRequest = {
    entityRef,
    policy: check.policy,
    baseVersion: state.version,
    ...(force && check.noReadyPods.length > 0 ? { force: true } : {}),
  };
  const requestKey = JSON.stringify(request);
  const currentPreview =
    preview?.key === requestKey ? preview.value : undefined;

  async function run(kind: 'preview' | 'save') {
    setBusy(kind);
    setRequestError(undefined);
    try {
      if (kind === 'preview') {
        setPreview({
          key: requestKey,
          value: await trafficApi.preview(request),
        });
      } else {
        props.onSaved(await trafficApi.save(request));
      }
    } catch (error) {
      if (error instanceof TrafficConflictError) {
        props.onConflict(error.current);
        return;
      }
      setRequestError(requestErrorText(error as Error));
    } finally {
      setBusy(undefined);
    }
  }

  const blockers = check.saveBlockers;
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Edit traffic of {entityRef}</DialogTitle>
      <DialogContent dividers>
        {state.management.mode === 'git' && (
          <Typography variant="body2" color="textSecondary" paragraph>
            Saving{' '}
            {state.management.publishMode === 'branch'
              ? 'pushes a review branch to'
              : 'commits to'}{' '}
            {state.management.files.virtualService} in{' '}
            {state.management.repoUrl}; Argo CD app {state.management.argoCdApp}{' '}
            applies it.
          </Typography>
        )}
        <Typography variant="h6">Weights</Typography>
        {!canChangeWeights && (
          <Alert severity="info">{props.weightsDeniedText}.</Alert>
        )}
        <WeightsEditor
          rows={rows}
          inputs={weightInputs}
          onChange={setWeightInputs}
          sum={check.sum}
          invalid={check.invalidWeights}
          noReadyPods={check.noReadyPods}
          force={force}
          onForceChange={setForce}
          disabled={!canChangeWeights || busy !== undefined}
        />
        <Box my={2}>
          <Divider />
        </Box>
        <Typography variant="h6">Resilience</Typography>
        {!canChangeResilience && (
          <Alert severity="info" data-testid="traffic-resilience-denied">
            {props.resilienceDeniedText}.
          </Alert>
        )}
        <ResilienceEditor
          form={resilienceForm}
          onChange={setResilienceForm}
          fieldErrors={check.fieldErrors}
          disabled={!canChangeResilience || busy !== undefined}
        />
        {currentPreview && <PreviewDiff preview={currentPreview} />}
        <RequestErrorAlert message={requestError} testId="traffic-save-error" />
        {blockers.length > 0 && (
          <Box mt={2} data-testid="traffic-save-blockers">
            {blockers.map(blocker => (
              <Typography key={blocker} variant="body2" color="error">
                {blocker}
              </Typography>
            ))}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="outlined"
          disabled={check.previewBlockers.length > 0 || busy !== undefined}
          onClick={() => run('preview')}
        >
          Preview
        </Button>
        <Button
          variant="contained"
          color="primary"
          disabled={blockers.length > 0 || busy !== undefined}
          onClick={() => run('save')}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
