import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import type {
  ArgoActionsState,
  ArgoSyncRequest,
} from '@internal/plugin-argocd-actions-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ARGO_ACTIONS_BACKEND,
  dryRunState,
  idleState,
  runningState,
} from '../../__testUtils__/argoActionsFixtures';
import {
  backendError,
  postAnswers,
  renderActionBar,
} from '../../__testUtils__/renderActionBar';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const entityRef = 'component:default/driver';

/** GET /state answers whatever `current.state` is when asked. */
function liveState(initial: ArgoActionsState) {
  const current = { state: initial };
  server.use(
    http.get(`${ARGO_ACTIONS_BACKEND}/state`, () =>
      HttpResponse.json(current.state),
    ),
  );
  return current;
}

async function openSyncDialog() {
  await waitFor(() =>
    expect(screen.getByTestId('argocd-action-sync')).toBeEnabled(),
  );
  await userEvent.click(screen.getByTestId('argocd-action-sync'));
  return screen.getByRole('dialog', { name: 'Sync driver' });
}

describe('SyncDialog', () => {
  it('runs a dry run first, lists what would change, then syncs once confirmed', async () => {
    const current = liveState(idleState);
    const dryRunRunning: ArgoActionsState = {
      ...dryRunState,
      operation: {
        ...dryRunState.operation!,
        phase: 'Running',
        finishedAt: undefined,
        resources: [],
      },
    };
    const synced = postAnswers(server, '/sync', (body: ArgoSyncRequest) => {
      current.state = body.dryRun ? dryRunState : runningState;
      return HttpResponse.json({
        state: body.dryRun ? dryRunRunning : runningState,
      });
    });
    await renderActionBar({ pollIntervalMs: 20 });

    const dialog = await openSyncDialog();
    expect(
      within(dialog).getByRole('checkbox', { name: 'Dry run first' }),
    ).toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: 'Prune: delete resources Git no longer has',
      }),
    );
    const confirm = within(dialog).getByTestId('argocd-sync-confirm');
    expect(confirm).toHaveTextContent('Dry run');
    await userEvent.click(confirm);

    const table = await within(dialog).findByTestId('argocd-dry-run-resources');
    const rows = within(table).getAllByTestId('argocd-resource-row');
    expect(rows.map(row => row.textContent)).toEqual([
      'DeploymentdriverdriverSynceddeployment.apps/driver configured (dry run)',
      'ConfigMapdriverdriver-oldPrunedpruned (dry run)',
    ]);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(cell => cell.textContent),
    ).toEqual(['Kind', 'Namespace', 'Name', 'Status', 'Message']);
    expect(confirm).toHaveTextContent('Sync');
    expect(synced).toEqual([{ entityRef, prune: true, dryRun: true }]);

    await userEvent.click(confirm);

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(synced).toEqual([
      { entityRef, prune: true, dryRun: true },
      { entityRef, prune: true, dryRun: false },
    ]);
    expect(screen.getByTestId('argocd-action-result')).toHaveTextContent(
      'Sync of driver requested; the operation below shows its progress.',
    );
    expect(screen.getByTestId('argocd-operation-phase')).toHaveTextContent(
      'Running',
    );
    expect(screen.getByTestId('argocd-action-sync')).toBeDisabled();
  });

  it('asks for a new dry run when the prune choice changes after one', async () => {
    const current = liveState(idleState);
    postAnswers(server, '/sync', () => {
      current.state = dryRunState;
      return HttpResponse.json({ state: dryRunState });
    });
    await renderActionBar({ pollIntervalMs: 20 });

    const dialog = await openSyncDialog();
    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: 'Prune: delete resources Git no longer has',
      }),
    );
    const confirm = within(dialog).getByTestId('argocd-sync-confirm');
    await userEvent.click(confirm);
    await within(dialog).findByTestId('argocd-dry-run-resources');
    expect(confirm).toHaveTextContent('Sync');

    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: 'Prune: delete resources Git no longer has',
      }),
    );
    expect(confirm).toHaveTextContent('Dry run');
    expect(
      within(dialog).queryByTestId('argocd-dry-run-resources'),
    ).not.toBeInTheDocument();
  });

  it('syncs at once without a dry run', async () => {
    liveState(idleState);
    const synced = postAnswers(server, '/sync', () =>
      HttpResponse.json({ state: runningState }),
    );
    await renderActionBar();

    const dialog = await openSyncDialog();
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Dry run first' }),
    );
    const confirm = within(dialog).getByTestId('argocd-sync-confirm');
    expect(confirm).toHaveTextContent('Sync');
    await userEvent.click(confirm);

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(synced).toEqual([{ entityRef, prune: false, dryRun: false }]);
    expect(screen.getByTestId('argocd-operation-phase')).toHaveTextContent(
      'Running',
    );
  });

  it('keeps the dialog open with the server reason when the sync is refused', async () => {
    liveState(idleState);
    postAnswers(server, '/sync', () =>
      backendError(
        'NotAllowedError',
        'user:default/mallory may not sync component:default/driver',
        403,
      ),
    );
    await renderActionBar();

    const dialog = await openSyncDialog();
    await userEvent.click(within(dialog).getByTestId('argocd-sync-confirm'));

    expect(
      await within(dialog).findByTestId('argocd-sync-error'),
    ).toHaveTextContent(
      'Not allowed: user:default/mallory may not sync component:default/driver',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
