import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Rollout, TrafficState } from '@internal/plugin-traffic-common';
import { TrafficApi } from '../../api';
import { errorMessage } from '../TrafficCard/describe';
import {
  availableActions,
  describeVerdict,
  statusChip,
  stepStates,
} from './describeRollout';
import { StartRolloutDialog } from './StartRolloutDialog';
import { useRollouts } from './useRollouts';

/** The entity's rollouts as {@link useRollouts} follows them. */
export type RolloutsState = ReturnType<typeof useRollouts>;

/** Props of {@link RolloutPanel}. */
export interface RolloutPanelProps {
  api: TrafficApi;
  state: TrafficState;
  rollouts: RolloutsState;
  /** The user holds `ops.traffic.update` on the entity. */
  mayRollOut: boolean;
  deniedText: string;
}

const ACTION_LABELS = {
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote now',
  abort: 'Abort',
} as const;

function RolloutSummary(props: { rollout: Rollout; testId: string }) {
  const { rollout, testId } = props;
  const chip = statusChip(rollout.status);
  return (
    <Box data-testid={testId}>
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Chip
          size="small"
          color={chip.color}
          label={chip.label}
          data-testid="rollout-status"
        />
        <Box ml={1}>
          <Typography variant="body2">
            {rollout.canarySubset} against {rollout.stableSubset}, started by{' '}
            {rollout.startedBy}
          </Typography>
        </Box>
      </Box>
      <Box mt={1} display="flex" flexWrap="wrap" data-testid="rollout-steps">
        {stepStates(rollout).map((step, index) => (
          <Box key={index} mr={1} mb={1}>
            <Chip
              size="small"
              variant={step.state === 'current' ? 'default' : 'outlined'}
              color={step.state === 'done' ? 'primary' : 'default'}
              label={`${step.weight}%`}
              data-testid={`rollout-step-${step.state}`}
            />
          </Box>
        ))}
        <Typography variant="caption" color="textSecondary">
          {rollout.plan.intervalSeconds} s per step · failed checks{' '}
          {rollout.failedChecks} of {rollout.plan.maxFailedChecks}
        </Typography>
      </Box>
      <Typography variant="body2" data-testid="rollout-message">
        {rollout.message}
      </Typography>
      <Box mt={1} component="ul" pl={2} data-testid="rollout-events">
        {[...rollout.events]
          .reverse()
          .slice(0, 6)
          .map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <Typography variant="caption">
                {new Date(event.at).toLocaleTimeString()} · {event.message}
                {describeVerdict(event) ? ` (${describeVerdict(event)})` : ''}
                {event.commit ? ` · commit ${event.commit.slice(0, 7)}` : ''}
              </Typography>
            </li>
          ))}
      </Box>
    </Box>
  );
}

/**
 * The Traffic card's rollout section: the active rollout's steps, checks and history with the
 * owner actions (pause, resume, promote now, abort), or the last finished one and a button that
 * starts a new one. The backend's step loop does the work; this polls it.
 */
export function RolloutPanel(props: RolloutPanelProps) {
  const { api, state, mayRollOut, deniedText } = props;
  const { rollouts, loading, error, replace } = props.rollouts;
  const [starting, setStarting] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (loading) return null;
  if (error) {
    return (
      <Box mt={2}>
        <Alert severity="warning" data-testid="rollout-error">
          Rollouts could not be loaded: {errorMessage(error)}
        </Alert>
      </Box>
    );
  }
  const active = rollouts?.active;
  const last = rollouts?.recent[0];

  async function act(rollout: Rollout, action: keyof typeof ACTION_LABELS) {
    setBusy(true);
    setActionError(undefined);
    try {
      replace(await api.actOnRollout(rollout.id, action, rollout.revision));
    } catch (e) {
      setActionError(errorMessage(e as Error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box mt={2} data-testid="rollout-panel">
      <Typography variant="subtitle2">Progressive rollout</Typography>
      {active && (
        <>
          <RolloutSummary rollout={active} testId="rollout-active" />
          <Box mt={1} display="flex">
            {availableActions(active).map(action => (
              <Box key={action} mr={1}>
                <Tooltip title={mayRollOut ? '' : deniedText}>
                  <span>
                    <Button
                      size="small"
                      variant="outlined"
                      color={action === 'abort' ? 'secondary' : 'default'}
                      disabled={!mayRollOut || busy}
                      onClick={() => act(active, action)}
                    >
                      {ACTION_LABELS[action]}
                    </Button>
                  </span>
                </Tooltip>
              </Box>
            ))}
          </Box>
        </>
      )}
      {!active && last && (
        <RolloutSummary rollout={last} testId="rollout-last" />
      )}
      {!active && (
        <Box mt={1}>
          <Tooltip title={mayRollOut ? '' : deniedText}>
            <span>
              <Button
                size="small"
                variant="outlined"
                color="primary"
                disabled={!mayRollOut || state.subsets.length < 2}
                onClick={() => setStarting(true)}
              >
                Start rollout
              </Button>
            </span>
          </Tooltip>
        </Box>
      )}
      {actionError && (
        <Box mt={1}>
          <Alert
            severity="error"
            data-testid="rollout-action-error"
            onClose={() => setActionError(undefined)}
          >
            {actionError}
          </Alert>
        </Box>
      )}
      {starting && (
        <StartRolloutDialog
          api={api}
          state={state}
          onClose={() => setStarting(false)}
          onStarted={rollout => {
            setStarting(false);
            replace(rollout);
          }}
        />
      )}
    </Box>
  );
}
