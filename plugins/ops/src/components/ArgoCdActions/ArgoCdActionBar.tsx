import { ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import type {
  ArgoActionResult,
  ArgoActionsState,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
import {
  isOpsNotConfigured,
  opsArgoCdRollbackPermission,
  opsArgoCdSyncPermission,
} from '@internal/plugin-ops-common';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import { ArgoActionConflictError, argoActionsApiRef } from '../../api';
import { ActionButton } from './ActionButton';
import { CancelOperationDialog } from './CancelOperationDialog';
import {
  deniedMessage,
  entityName,
  requestErrorText,
  shortSha,
} from './describe';
import { isActive } from './operationTracking';
import { OperationPanel } from './OperationPanel';
import { RollbackDialog } from './RollbackDialog';
import { SyncDialog } from './SyncDialog';
import {
  DEFAULT_POLL_INTERVAL_MS,
  useArgoActionsState,
} from './useArgoActionsState';

const TITLE = 'Argo CD actions';
const OPERATION_RUNNING =
  'Argo CD is running an operation: wait for it to end, or cancel it';

/** Props of {@link ArgoCdActionBar}. @public */
export interface ArgoCdActionBarProps {
  /** How often to re-read the state while an operation runs; default 2 s. */
  pollIntervalMs?: number;
}

interface Outcome {
  severity: 'success' | 'info' | 'warning' | 'error';
  message: ReactNode;
}

function describeState(state: ArgoActionsState): string {
  return [
    `${state.application} on ${state.instance}`,
    state.syncStatus,
    state.healthStatus,
    state.revision && `revision ${shortSha(state.revision)}`,
    state.autoSync ? 'auto-sync on' : 'auto-sync off',
  ]
    .filter(Boolean)
    .join(' · ');
}

function rollbackOutcome(
  result: ArgoActionResult,
  preview: ArgoRollbackPreview,
): ReactNode {
  const target = shortSha(preview.toRevision);
  if (!result.commit) {
    return `Rollback to ${target} requested from Argo CD; the operation below shows its progress.`;
  }
  const sha = shortSha(result.commit.sha);
  return (
    <>
      Rollback to {target}: revert commit{' '}
      {result.commit.url ? (
        <Link to={result.commit.url} data-testid="argocd-rollback-commit">
          {sha}
        </Link>
      ) : (
        <code data-testid="argocd-rollback-commit">{sha}</code>
      )}{' '}
      pushed; Argo CD syncs it.
    </>
  );
}

/**
 * The actions on the entity's Argo CD Application, under the Argo CD card: Sync (prune, dry run
 * first), Hard refresh, Rollback (preview, then confirm) and Cancel (while an operation runs),
 * through the `argocd-actions` backend. Owners of the entity and platform admins may use them;
 * anyone else sees them disabled with the reason. While an operation runs the card polls its
 * state and shows the phase live; when it ends, every card of the Ops tab reloads.
 *
 * @public
 */
export function ArgoCdActionBar(props: ArgoCdActionBarProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const argoActionsApi = useApi(argoActionsApiRef);
  const { requestRefresh } = useOpsRefresh();
  const argo = useArgoActionsState(argoActionsApi, entityRef, {
    pollIntervalMs: props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    // A dry run changes nothing; anything else may have changed every card.
    onOperationEnded: operation => {
      if (!operation?.dryRun) requestRefresh();
    },
  });
  const canSync = usePermission({
    permission: opsArgoCdSyncPermission,
    resourceRef: entityRef,
  });
  const canRollback = usePermission({
    permission: opsArgoCdRollbackPermission,
    resourceRef: entityRef,
  });
  const [dialog, setDialog] = useState<'sync' | 'rollback' | 'cancel'>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [refreshing, setRefreshing] = useState(false);

  if (argo.loading) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (argo.error) {
    return (
      <ResponseErrorPanel
        title="Argo CD actions could not be loaded"
        error={argo.error}
      />
    );
  }
  if (!argo.value) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (isOpsNotConfigured(argo.value)) {
    return (
      <InfoCard title={TITLE}>
        <Typography
          variant="body2"
          paragraph
          data-testid="argocd-actions-not-configured"
        >
          {argo.value.message}
        </Typography>
        <MissingAnnotationEmptyState
          annotation={argo.value.missingAnnotation}
        />
      </InfoCard>
    );
  }

  const state = argo.value;
  const active = isActive(state);
  const phase = state.operation?.phase;
  const name = entityName(entity);
  const syncDenied = !canSync.loading && !canSync.allowed;
  const rollbackDenied = !canRollback.loading && !canRollback.allowed;
  const denied = [
    syncDenied && 'sync it',
    rollbackDenied && 'roll it back',
  ].filter((what): what is string => Boolean(what));
  const hasEarlierDeployment = state.history.some(entry => !entry.current);

  function startedReason(denial: boolean, what: string) {
    if (denial) return deniedMessage(entity, what);
    if (active) return OPERATION_RUNNING;
    return undefined;
  }

  function onConflict(error: ArgoActionConflictError) {
    setDialog(undefined);
    argo.replace(error.current);
    setOutcome({
      severity: 'warning',
      message: `${error.message}. The card now shows the current state of ${state.application}.`,
    });
  }

  async function hardRefresh() {
    setRefreshing(true);
    setOutcome(undefined);
    try {
      const result = await argoActionsApi.refresh({ entityRef });
      argo.replace(result.state);
      setOutcome({
        severity: 'success',
        message: `Hard refresh done: Argo CD regenerated the manifests of ${result.state.application}, now ${result.state.syncStatus} and ${result.state.healthStatus}.`,
      });
      requestRefresh();
    } catch (error) {
      if (error instanceof ArgoActionConflictError) {
        onConflict(error);
      } else {
        setOutcome({
          severity: 'error',
          message: requestErrorText(error as Error),
        });
      }
    } finally {
      setRefreshing(false);
    }
  }

  const permissionsLoading = canSync.loading || canRollback.loading;
  return (
    <InfoCard
      title={TITLE}
      subheader={
        <span data-testid="argocd-actions-state">{describeState(state)}</span>
      }
    >
      {outcome && (
        <Box mb={2}>
          <Alert
            severity={outcome.severity}
            data-testid="argocd-action-result"
            data-severity={outcome.severity}
            onClose={() => setOutcome(undefined)}
          >
            {outcome.message}
          </Alert>
        </Box>
      )}
      <Box
        role="group"
        aria-label="Argo CD actions"
        display="flex"
        flexWrap="wrap"
        gridGap={8}
      >
        <ActionButton
          testId="argocd-action-sync"
          disabledReason={startedReason(syncDenied, 'sync it')}
          busy={permissionsLoading || refreshing}
          onClick={() => {
            setOutcome(undefined);
            setDialog('sync');
          }}
        >
          Sync
        </ActionButton>
        <ActionButton
          testId="argocd-action-refresh"
          disabledReason={startedReason(syncDenied, 'refresh it')}
          busy={permissionsLoading || refreshing}
          onClick={hardRefresh}
        >
          Hard refresh
        </ActionButton>
        <ActionButton
          testId="argocd-action-rollback"
          disabledReason={
            startedReason(rollbackDenied, 'roll it back') ??
            (hasEarlierDeployment
              ? undefined
              : 'No earlier deployment to roll back to')
          }
          busy={permissionsLoading || refreshing}
          onClick={() => {
            setOutcome(undefined);
            setDialog('rollback');
          }}
        >
          Rollback
        </ActionButton>
        {active && (
          <ActionButton
            testId="argocd-action-cancel"
            disabledReason={
              (syncDenied ? deniedMessage(entity, 'cancel it') : undefined) ??
              (phase === 'Terminating'
                ? 'Argo CD is already terminating the operation'
                : undefined)
            }
            busy={permissionsLoading}
            onClick={() => setDialog('cancel')}
          >
            Cancel operation
          </ActionButton>
        )}
      </Box>
      {denied.length > 0 && (
        <Box mt={1}>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="argocd-actions-denied"
          >
            Only the owners of {name} and platform admins can{' '}
            {denied.join(' or ')}.
          </Typography>
        </Box>
      )}
      {state.operation && (
        <OperationPanel
          operation={state.operation}
          pollError={argo.pollError}
        />
      )}
      {dialog === 'sync' && (
        <SyncDialog
          entityRef={entityRef}
          state={state}
          polling={argo.polling}
          onClose={() => setDialog(undefined)}
          onStarted={(result, before, dryRun) => {
            argo.watch(result.state, before);
            if (!dryRun) {
              setDialog(undefined);
              setOutcome({
                severity: 'info',
                message: `Sync of ${result.state.application} requested; the operation below shows its progress.`,
              });
            }
          }}
          onConflict={onConflict}
        />
      )}
      {dialog === 'rollback' && (
        <RollbackDialog
          entityRef={entityRef}
          state={state}
          onClose={() => setDialog(undefined)}
          onRolledBack={(result, preview, before) => {
            setDialog(undefined);
            argo.watch(result.state, before);
            setOutcome({
              severity: 'success',
              message: rollbackOutcome(result, preview),
            });
          }}
          onConflict={onConflict}
        />
      )}
      {dialog === 'cancel' && (
        <CancelOperationDialog
          entityRef={entityRef}
          state={state}
          onClose={() => setDialog(undefined)}
          onCancelled={(result, before) => {
            setDialog(undefined);
            argo.watch(result.state, before);
            setOutcome({
              severity: 'info',
              message: `Argo CD terminates the operation of ${result.state.application}.`,
            });
          }}
          onConflict={onConflict}
        />
      )}
    </InfoCard>
  );
}
