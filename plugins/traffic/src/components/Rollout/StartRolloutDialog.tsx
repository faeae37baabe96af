import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Rollout, TrafficState } from '@internal/plugin-traffic-common';
import { TrafficApi } from '../../api';
import { errorMessage } from '../TrafficCard/describe';
import {
  initialRolloutForm,
  RolloutForm,
  rolloutRequestFromForm,
} from './rolloutForm';

/** Props of {@link StartRolloutDialog}. */
export interface StartRolloutDialogProps {
  api: TrafficApi;
  state: TrafficState;
  onClose(): void;
  onStarted(rollout: Rollout): void;
}

/**
 * The plan of a new rollout: the canary subset, its weight steps, the interval analysed after
 * each step and the failed checks that roll it back. Checked with the backend's schema before it
 * is sent; the backend's refusal (a rule of its config, another rollout in progress) is shown.
 */
export function StartRolloutDialog(props: StartRolloutDialogProps) {
  const { api, state, onClose, onStarted } = props;
  const [form, setForm] = useState<RolloutForm>(() =>
    initialRolloutForm(state),
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const field =
    (key: keyof RolloutForm) =>
    (event: React.ChangeEvent<{ value: unknown }>) =>
      setForm(current => ({ ...current, [key]: String(event.target.value) }));

  async function start() {
    const checked = rolloutRequestFromForm(state.entityRef, form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      onStarted(await api.startRollout(checked.request));
    } catch (error) {
      setProblems([errorMessage(error as Error)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Start a progressive rollout</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          Each step moves weight to the canary the way a save does (a commit
          when Argo CD manages the objects), waits for it to be live, then
          judges the interval&apos;s success rate and p99. Reaching the failed
          checks allowed writes all weight back to the stable subset.
        </Typography>
        <TextField
          select
          fullWidth
          margin="dense"
          label="Canary subset"
          value={form.canarySubset}
          onChange={field('canarySubset')}
          inputProps={{ 'data-testid': 'rollout-canary' }}
        >
          {state.subsets.map(subset => (
            <MenuItem key={subset.name} value={subset.name}>
              {subset.name} ({subset.readyPods}/{subset.totalPods} pods ready)
            </MenuItem>
          ))}
        </TextField>
        <TextField
          fullWidth
          margin="dense"
          label="Weight steps, percent"
          helperText="Increasing, ending at 100"
          value={form.steps}
          onChange={field('steps')}
          inputProps={{ 'data-testid': 'rollout-steps' }}
        />
        <TextField
          fullWidth
          margin="dense"
          label="Interval per step, seconds"
          value={form.intervalSeconds}
          onChange={field('intervalSeconds')}
          inputProps={{ 'data-testid': 'rollout-interval' }}
        />
        <TextField
          fullWidth
          margin="dense"
          label="Failed checks before rollback"
          value={form.maxFailedChecks}
          onChange={field('maxFailedChecks')}
          inputProps={{ 'data-testid': 'rollout-max-failed' }}
        />
        {problems.length > 0 && (
          <Alert severity="error" data-testid="rollout-start-problems">
            {problems.join('; ')}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={start}
        >
          Start rollout
        </Button>
      </DialogActions>
    </Dialog>
  );
}
