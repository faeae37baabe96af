import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  ArgoActionsState,
  ArgoActionConflict,
} from '@internal/plugin-argocd-actions-common';
import { opsArgoCdRollbackPermission } from '@internal/plugin-ops-common';
import { OpsRefreshProvider, useOpsRefresh } from '@internal/plugin-ops-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ARGO_ACTIONS_BACKEND,
  failedState,
  idleState,
  runningState,
  succeededState,
} from '../../__testUtils__/argoActionsFixtures';
import {
  backendError,
  entityNamed,
  postAnswers,
  renderActionBar,
  stateAnswers,
} from '../../__testUtils__/renderActionBar';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const button = (name: string) => screen.getByTestId(`argocd-action-${name}`);
const phase = () => screen.getByTestId('argocd-operation-phase');

/** The tooltip of a disabled action button. */
async function tooltipOf(name: string) {
  await userEvent.hover(screen.getByTestId(`argocd-action-${name}-wrapper`));
  return (await screen.findByRole('tooltip')).textContent;
}

/** Shows the Ops tab's refresh key, as the cards that reload on it see it. */
function RefreshKey() {
  return <span data-testid="refresh-key">{useOpsRefresh().refreshKey}</span>;
}

describe('ArgoCdActionBar', () => {
  it('shows the Application, its last operation and the actions of an owner', async () => {
    stateAnswers(server, idleState);
    await renderActionBar();

    expect(await screen.findByTestId('argocd-actions-state')).toHaveTextContent(
      'driver on sandbox · Synced · Healthy · revision a1b2c3d · auto-sync on',
    );
    expect(screen.getByText('Argo CD actions')).toBeInTheDocument();
    await waitFor(() => expect(button('sync')).toBeEnabled());
    expect(button('refresh')).toBeEnabled();
    expect(button('rollback')).toBeEnabled();
    expect(
      screen.queryByTestId('argocd-action-cancel'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Argo CD actions' }),
    ).toBeInTheDocument();
    expect(phase()).toHaveTextContent('Succeeded');
    expect(screen.getByTestId('argocd-operation-message')).toHaveTextContent(
      'successfully synced (all tasks run)',
    );
    expect(
      screen.queryByTestId('argocd-actions-denied'),
    ).not.toBeInTheDocument();
  });

  it('disables the actions with the reason for someone who does not own the entity', async () => {
    stateAnswers(server, idleState);
    await renderActionBar({
      entity: entityNamed('payments'),
      authorize: AuthorizeResult.DENY,
    });

    await waitFor(() => expect(button('sync')).toBeDisabled());
    expect(button('refresh')).toBeDisabled();
    expect(button('rollback')).toBeDisabled();
    expect(screen.getByTestId('argocd-actions-denied')).toHaveTextContent(
      'Only the owners of payments and platform admins can sync it or roll it back.',
    );
    expect(await tooltipOf('sync')).toBe(
      'Only the owners of payments and platform admins can sync it',
    );
  });

  it('leaves Sync to someone only the rollback is denied to', async () => {
    stateAnswers(server, idleState);
    await renderActionBar({
      entity: entityNamed('billing'),
      authorize: request =>
        request.permission.name === opsArgoCdRollbackPermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });

    await waitFor(() => expect(button('rollback')).toBeDisabled());
    expect(button('sync')).toBeEnabled();
    expect(button('refresh')).toBeEnabled();
    expect(await tooltipOf('rollback')).toBe(
      'Only the owners of billing and platform admins can roll it back',
    );
  });

  it('polls while the operation runs and stops at Succeeded', async () => {
    const calls = stateAnswers(
      server,
      runningState,
      runningState,
      succeededState,
    );
    await renderActionBar({ pollIntervalMs: 20 });

    expect(
      await screen.findByTestId('argocd-operation-phase'),
    ).toHaveTextContent('Running');
    expect(
      screen.getByRole('progressbar', {
        name: 'Argo CD operation in progress',
      }),
    ).toBeInTheDocument();
    expect(button('sync')).toBeDisabled();
    expect(button('cancel')).toBeEnabled();

    await waitFor(() => expect(phase()).toHaveTextContent('Succeeded'));
    expect(calls.count).toBe(3);
    expect(button('sync')).toBeEnabled();
    expect(
      screen.queryByTestId('argocd-action-cancel'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('argocd-resource-row')).toHaveTextContent(
      'deployment.apps/driver configured',
    );
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(calls.count).toBe(3);
  });

  it('stops polling when it unmounts', async () => {
    const calls = stateAnswers(server, runningState);
    const { unmount } = await renderActionBar({ pollIntervalMs: 20 });
    await waitFor(() => expect(calls.count).toBeGreaterThan(1));
    unmount();
    const after = calls.count;
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(calls.count).toBe(after);
  });

  it('asks the Ops tab to reload once when the operation ends', async () => {
    stateAnswers(server, runningState, failedState);
    await renderActionBar({
      pollIntervalMs: 20,
      wrap: bar => (
        <OpsRefreshProvider>
          <RefreshKey />
          {bar}
        </OpsRefreshProvider>
      ),
    });

    await waitFor(() => expect(phase()).toHaveTextContent('Failed'));
    await waitFor(() =>
      expect(screen.getByTestId('refresh-key')).toHaveTextContent('1'),
    );
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(screen.getByTestId('refresh-key')).toHaveTextContent('1');
  });

  it('lists the failed resources first with the message of the failed operation', async () => {
    stateAnswers(server, failedState);
    await renderActionBar();

    expect(
      await screen.findByTestId('argocd-operation-phase'),
    ).toHaveTextContent('Failed');
    expect(screen.getByTestId('argocd-operation-message')).toHaveTextContent(
      'one or more objects failed to apply',
    );
    const rows = within(
      screen.getByTestId('argocd-operation-resources'),
    ).getAllByTestId('argocd-resource-row');
    expect(rows.map(row => row.getAttribute('data-status'))).toEqual([
      'SyncFailed',
      'Synced',
    ]);
    expect(rows[0]).toHaveTextContent(
      'DeploymentdriverdriverSyncFailedadmission webhook "policy" denied the request',
    );
  });

  it('offers Cancel only while an operation runs, and terminates it after confirmation', async () => {
    let current: ArgoActionsState = runningState;
    server.use(
      http.get(`${ARGO_ACTIONS_BACKEND}/state`, () =>
        HttpResponse.json(current),
      ),
    );
    const cancelled = postAnswers(server, '/cancel', () => {
      current = {
        ...failedState,
        operation: {
          ...failedState.operation!,
          message: 'Operation terminated',
          resources: [],
        },
      };
      return HttpResponse.json({
        state: {
          ...runningState,
          operation: { ...runningState.operation!, phase: 'Terminating' },
        },
      });
    });
    await renderActionBar({ pollIntervalMs: 20 });

    await waitFor(() => expect(button('cancel')).toBeEnabled());
    await userEvent.click(button('cancel'));
    const dialog = screen.getByRole('dialog', {
      name: 'Cancel the running sync of driver',
    });
    await userEvent.click(within(dialog).getByTestId('argocd-cancel-confirm'));

    await waitFor(() => expect(phase()).toHaveTextContent('Failed'));
    expect(screen.getByTestId('argocd-operation-message')).toHaveTextContent(
      'Operation terminated',
    );
    expect(cancelled).toEqual([{ entityRef: 'component:default/driver' }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('argocd-action-cancel'),
    ).not.toBeInTheDocument();
  });

  it('hard-refreshes and says what Argo CD reports now', async () => {
    stateAnswers(server, idleState);
    const refreshed = postAnswers(server, '/refresh', () =>
      HttpResponse.json({
        state: { ...idleState, syncStatus: 'OutOfSync' },
      }),
    );
    await renderActionBar();

    await waitFor(() => expect(button('refresh')).toBeEnabled());
    await userEvent.click(button('refresh'));

    expect(await screen.findByTestId('argocd-action-result')).toHaveTextContent(
      'Hard refresh done: Argo CD regenerated the manifests of driver, now OutOfSync and Healthy.',
    );
    expect(refreshed).toEqual([{ entityRef: 'component:default/driver' }]);
  });

  it('on a conflict shows the message and the state that won', async () => {
    stateAnswers(server, idleState);
    postAnswers(server, '/refresh', () =>
      HttpResponse.json<ArgoActionConflict>(
        {
          error: {
            name: 'ConflictError',
            message: 'Argo CD is already running a sync of driver',
          },
          current: runningState,
        },
        { status: 409 },
      ),
    );
    await renderActionBar();

    await waitFor(() => expect(button('refresh')).toBeEnabled());
    await userEvent.click(button('refresh'));

    const result = await screen.findByTestId('argocd-action-result');
    expect(result).toHaveTextContent(
      'Argo CD is already running a sync of driver. The card now shows the current state of driver.',
    );
    expect(result).toHaveAttribute('data-severity', 'warning');
    expect(phase()).toHaveTextContent('Running');
    expect(button('sync')).toBeDisabled();
    expect(button('cancel')).toBeEnabled();
  });

  it.each([
    [
      403,
      'NotAllowedError',
      'user:default/mallory may not sync component:default/driver',
      'Not allowed: user:default/mallory may not sync component:default/driver',
    ],
    [
      503,
      'ServiceUnavailableError',
      'Argo CD sandbox could not be reached: connect ECONNREFUSED',
      'Unavailable: Argo CD sandbox could not be reached: connect ECONNREFUSED',
    ],
  ])(
    'shows the server reason of a %s',
    async (status, name, message, shown) => {
      stateAnswers(server, idleState);
      postAnswers(server, '/refresh', () =>
        backendError(name, message, status),
      );
      await renderActionBar();

      await waitFor(() => expect(button('refresh')).toBeEnabled());
      await userEvent.click(button('refresh'));

      const result = await screen.findByTestId('argocd-action-result');
      expect(result).toHaveTextContent(shown);
      expect(result).toHaveAttribute('data-severity', 'error');
    },
  );

  it('says Argo CD and why when the state cannot be read', async () => {
    server.use(
      http.get(`${ARGO_ACTIONS_BACKEND}/state`, () =>
        backendError(
          'ServiceUnavailableError',
          'Argo CD sandbox could not be reached: connect ECONNREFUSED',
          503,
        ),
      ),
    );
    await renderActionBar();

    expect(
      await screen.findByText(/Argo CD actions could not be loaded/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Argo CD sandbox could not be reached/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('argocd-action-sync')).not.toBeInTheDocument();
  });

  it('names the annotation when the backend says the entity is not configured', async () => {
    stateAnswers(server, {
      missingAnnotation: 'argocd/app-name',
      message: 'argocd/app-name names no Application on any Argo CD instance',
    });
    await renderActionBar();

    expect(
      await screen.findByTestId('argocd-actions-not-configured'),
    ).toHaveTextContent(
      'argocd/app-name names no Application on any Argo CD instance',
    );
    expect(
      screen.getAllByText('argocd/app-name', { selector: 'code' }).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('argocd-action-sync')).not.toBeInTheDocument();
  });

  it('disables Rollback when there is no earlier deployment', async () => {
    stateAnswers(server, {
      ...idleState,
      history: idleState.history.slice(0, 1),
    });
    await renderActionBar();

    await waitFor(() => expect(button('sync')).toBeEnabled());
    expect(button('rollback')).toBeDisabled();
    expect(await tooltipOf('rollback')).toBe(
      'No earlier deployment to roll back to',
    );
  });
});
