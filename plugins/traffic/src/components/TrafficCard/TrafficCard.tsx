import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  KUBERNETES_ID_ANNOTATION,
  kubernetesTargetForEntity,
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
} from '@internal/plugin-ops-common';
import {
  isTrafficNotConfigured,
  TrafficState,
} from '@internal/plugin-traffic-common';
import { trafficApiRef } from '../../api';
import { TrafficEditorDialog } from '../TrafficEditor';
import { RolloutPanel, useRollouts } from '../Rollout';
import {
  describeManagement,
  describeSaveResult,
  errorMessage,
} from './describe';
import { NotConfigured } from './NotConfigured';
import { ResilienceSummary } from './ResilienceSummary';
import { CanaryVerdicts } from './CanaryVerdicts';
import { SubsetTable } from './SubsetTable';
import { useCanaryAnalysis } from './useCanaryAnalysis';
import { useObservedSplit } from './useObservedSplit';
import { useStateGeneration } from './useStateGeneration';
import { DEFAULT_POLL_INTERVAL_MS, useTrafficState } from './useTrafficState';

/** Props of {@link TrafficCard}. @public */
export interface TrafficCardProps {
  /** How often to re-read the state while a save waits for sync; default 3 s. */
  pollIntervalMs?: number;
}

interface Outcome {
  severity: 'success' | 'warning';
  message: string;
}

function SyncChip(props: { state: TrafficState }) {
  const pending = props.state.sync === 'pending';
  return (
    <Chip
      data-testid="traffic-sync-status"
      size="small"
      color={pending ? 'secondary' : 'primary'}
      label={pending ? 'Pending sync' : 'Synced'}
    />
  );
}

/** Only the owners of the entity or platform admins may change traffic. */
export function deniedMessage(entity: Entity, what: string) {
  return `Only the owners of ${
    entity.metadata.title ?? entity.metadata.name
  } or platform admins can change ${what}`;
}

function TrafficCardContent(props: {
  entity: Entity;
  kubernetesId: string;
  pollIntervalMs: number;
}) {
  const { entity, kubernetesId, pollIntervalMs } = props;
  const entityRef = stringifyEntityRef(entity);
  const trafficApi = useApi(trafficApiRef);
  const rollouts = useRollouts(trafficApi, entityRef, pollIntervalMs);
  // While a rollout moves the weights, the state is followed as it changes.
  const traffic = useTrafficState(
    trafficApi,
    entityRef,
    pollIntervalMs,
    rollouts.rollouts?.active?.status === 'running',
  );
  const state =
    traffic.value && !isTrafficNotConfigured(traffic.value)
      ? traffic.value
      : undefined;
  const generation = useStateGeneration(state?.version);
  const observed = useObservedSplit(entityRef, generation);
  const canary = useCanaryAnalysis(entityRef, generation);
  const canChangeWeights = usePermission({
    permission: opsTrafficUpdatePermission,
    resourceRef: entityRef,
  });
  const canChangeResilience = usePermission({
    permission: opsResiliencePolicyUpdatePermission,
    resourceRef: entityRef,
  });
  const [editing, setEditing] = useState<TrafficState>();
  const [outcome, setOutcome] = useState<Outcome>();

  if (traffic.loading) {
    return (
      <InfoCard title="Traffic">
        <Progress />
      </InfoCard>
    );
  }
  if (traffic.error) {
    return (
      <ResponseErrorPanel
        title="Traffic state could not be loaded"
        error={traffic.error}
      />
    );
  }
  if (traffic.value && isTrafficNotConfigured(traffic.value)) {
    return (
      <InfoCard title="Traffic">
        <NotConfigured
          problem={traffic.value.notConfigured}
          kubernetesId={kubernetesId}
        />
      </InfoCard>
    );
  }
  if (!state) {
    // Not loading, no error and no answer: nothing to show yet.
    return (
      <InfoCard title="Traffic">
        <Progress />
      </InfoCard>
    );
  }

  const permissionsLoading =
    canChangeWeights.loading || canChangeResilience.loading;
  const mayEdit = canChangeWeights.allowed || canChangeResilience.allowed;
  const deniedText = deniedMessage(entity, 'traffic');

  return (
    <InfoCard
      title="Traffic"
      subheader={describeManagement(state.management)}
      action={
        <Box mt={2} mr={1}>
          <SyncChip state={state} />
        </Box>
      }
    >
      {outcome && (
        <Box mb={2}>
          <Alert
            severity={outcome.severity}
            data-testid="traffic-save-result"
            onClose={() => setOutcome(undefined)}
          >
            {outcome.message}
          </Alert>
        </Box>
      )}
      <SubsetTable state={state} observed={observed} />
      <CanaryVerdicts state={state} analysis={canary} />
      {traffic.pending && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            Waiting for the cluster to run the desired state
            {traffic.pollError
              ? ` (last check failed: ${errorMessage(
                  traffic.pollError,
                )}; retrying)`
              : '; checking every few seconds'}
            .
          </Typography>
        </Box>
      )}
      <ResilienceSummary state={state} />
      <RolloutPanel
        api={trafficApi}
        state={state}
        rollouts={rollouts}
        mayRollOut={canChangeWeights.allowed}
        deniedText={deniedText}
      />
      <Box mt={2} display="flex" alignItems="center">
        <Tooltip title={!mayEdit && !permissionsLoading ? deniedText : ''}>
          <span>
            <Button
              variant="contained"
              color="primary"
              disabled={!mayEdit}
              onClick={() => {
                setOutcome(undefined);
                setEditing(state);
              }}
            >
              Edit traffic
            </Button>
          </span>
        </Tooltip>
        {!mayEdit && !permissionsLoading && (
          <Box ml={2}>
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="traffic-permission-denied"
            >
              {deniedText}.
            </Typography>
          </Box>
        )}
      </Box>
      {editing && (
        <TrafficEditorDialog
          state={editing}
          entityRef={entityRef}
          canChangeWeights={canChangeWeights.allowed}
          canChangeResilience={canChangeResilience.allowed}
          weightsDeniedText={deniedText}
          resilienceDeniedText={deniedMessage(entity, 'the resilience policy')}
          onClose={() => setEditing(undefined)}
          onSaved={result => {
            setEditing(undefined);
            traffic.replace(result.state);
            setOutcome({
              severity: result.warnings.length ? 'warning' : 'success',
              message: [describeSaveResult(result), ...result.warnings].join(
                ' ',
              ),
            });
          }}
          onConflict={current => {
            setEditing(undefined);
            traffic.replace(current);
            setOutcome({
              severity: 'warning',
              message:
                'Someone else changed the traffic policy. Your edit was discarded; the card now shows the current state.',
            });
          }}
        />
      )}
    </InfoCard>
  );
}

/**
 * The entity's Istio traffic split on the Ops tab: per subset the live weight, the weight Git
 * asks for, the share Istio observed and the ready pods; whether the cluster runs what Git asks
 * for; the resilience settings; and, for the entity's owners, an editor that previews the change
 * as a diff and saves it through the traffic backend (a Git commit when Argo CD manages the
 * objects, a direct write otherwise).
 *
 * @public
 */
export function TrafficCard(props: TrafficCardProps) {
  const { entity } = useEntity();
  const target = kubernetesTargetForEntity(entity);
  return (
    <div data-testid="traffic-card">
      {target ? (
        <TrafficCardContent
          entity={entity}
          kubernetesId={target.kubernetesId}
          pollIntervalMs={props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS}
        />
      ) : (
        <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
      )}
    </div>
  );
}
