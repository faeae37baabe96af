import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import type {
  ArgoActionConflict,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CURRENT_SHA,
  GITOPS_HEAD_SHA,
  gitRevertPreview,
  idleState,
  PREVIOUS_SHA,
  runningState,
} from '../../__testUtils__/argoActionsFixtures';
import {
  postAnswers,
  renderActionBar,
  stateAnswers,
} from '../../__testUtils__/renderActionBar';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const entityRef = 'component:default/driver';

async function openRollbackDialog() {
  await waitFor(() =>
    expect(screen.getByTestId('argocd-action-rollback')).toBeEnabled(),
  );
  await userEvent.click(screen.getByTestId('argocd-action-rollback'));
  return screen.getByRole('dialog', { name: 'Roll back driver' });
}

describe('RollbackDialog', () => {
  it('lists the history with revision, author and message; the running deployment cannot be chosen', async () => {
    stateAnswers(server, idleState);
    await renderActionBar();

    const dialog = await openRollbackDialog();
    const choices = within(
      within(dialog).getByRole('radiogroup', {
        name: 'Deployment to roll back to',
      }),
    ).getAllByRole('radio');
    expect(choices).toHaveLength(3);
    const current = within(dialog).getByRole('radio', { name: /a1b2c3d/ });
    expect(current).toBeDisabled();
    expect(within(dialog).getByTestId('argocd-history-3')).toHaveTextContent(
      /^a1b2c3d · .+ · Alice <alice@example.com> · driver 1\.4\.0 \(running now\)$/,
    );
    expect(
      within(dialog).getByRole('radio', {
        name: /0f9e8d7 · .* · driver 1\.3\.2/,
      }),
    ).toBeEnabled();
    expect(within(dialog).getByTestId('argocd-history-1')).toHaveTextContent(
      /^9999888 · [^·]+$/,
    );
    expect(
      within(dialog).getByTestId('argocd-rollback-confirm'),
    ).toBeDisabled();
    expect(
      within(dialog).getByTestId('argocd-rollback-preview-button'),
    ).toBeDisabled();
  });

  it('previews a Git revert, then rolls back from the GitOps head and links the revert commit', async () => {
    stateAnswers(server, idleState);
    const previewed = postAnswers(server, '/rollback/preview', () =>
      HttpResponse.json(gitRevertPreview),
    );
    const rolledBack = postAnswers(server, '/rollback', () =>
      HttpResponse.json({
        state: runningState,
        commit: {
          sha: '5555666677778888',
          url: 'http://git.example.com/gitops/commit/5555666677778888',
        },
      }),
    );
    await renderActionBar();

    const dialog = await openRollbackDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /0f9e8d7/ }),
    );
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-preview-button'),
    );

    expect(
      await within(dialog).findByTestId('argocd-rollback-explanation'),
    ).toHaveTextContent(gitRevertPreview.explanation);
    expect(
      within(dialog).getByTestId('argocd-rollback-mode'),
    ).toHaveTextContent('A revert commit in Git: auto-sync is on');
    expect(
      within(dialog).getByText(
        'From a1b2c3d back to 0f9e8d7, on top of the GitOps branch at ffeeddc.',
      ),
    ).toBeInTheDocument();
    const file = within(dialog).getByTestId('argocd-rollback-file');
    expect(file).toHaveAttribute('data-path', 'services/driver/values.yaml');
    expect(
      Array.from(file.querySelectorAll('pre > span')).map(
        span => span.textContent,
      ),
    ).toEqual([
      '--- a/services/driver/values.yaml',
      '+++ b/services/driver/values.yaml',
      '@@ -1,2 +1,2 @@',
      '-image: driver:1.4.0',
      '+image: driver:1.3.2',
      ' replicas: 2',
    ]);
    expect(previewed).toEqual([{ entityRef, historyId: 2 }]);

    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-confirm'),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(rolledBack).toEqual([
      {
        entityRef,
        historyId: 2,
        expectedRevision: GITOPS_HEAD_SHA,
        mode: 'git-revert',
      },
    ]);
    // The link also says, to screen readers, that it opens in a new window.
    expect(screen.getByTestId('argocd-action-result')).toHaveTextContent(
      /^Rollback to 0f9e8d7: revert commit 5555666(, Opens in a new window)? pushed; Argo CD syncs it\.$/,
    );
    expect(screen.getByTestId('argocd-rollback-commit')).toHaveAttribute(
      'href',
      'http://git.example.com/gitops/commit/5555666677778888',
    );
    expect(screen.getByTestId('argocd-operation-phase')).toHaveTextContent(
      'Running',
    );
  });

  it("rolls back with Argo CD's rollback from the running revision, and shows the commit SHA without a link", async () => {
    stateAnswers(server, {
      ...idleState,
      autoSync: false,
      rollbackMode: 'argocd',
    });
    const argocdPreview: ArgoRollbackPreview = {
      ...gitRevertPreview,
      mode: 'argocd',
      baseRevision: undefined,
      explanation: 'Argo CD deploys 0f9e8d7 again (history entry 2).',
    };
    postAnswers(server, '/rollback/preview', () =>
      HttpResponse.json(argocdPreview),
    );
    const rolledBack = postAnswers(server, '/rollback', () =>
      HttpResponse.json({ state: runningState, commit: { sha: PREVIOUS_SHA } }),
    );
    await renderActionBar();

    const dialog = await openRollbackDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /0f9e8d7/ }),
    );
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-preview-button'),
    );
    expect(
      await within(dialog).findByTestId('argocd-rollback-mode'),
    ).toHaveTextContent(
      "Argo CD's rollback to history entry 2: auto-sync is off",
    );
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-confirm'),
    );

    await waitFor(() => expect(rolledBack).toHaveLength(1));
    expect(rolledBack[0].expectedRevision).toBe(CURRENT_SHA);
    const commit = await screen.findByTestId('argocd-rollback-commit');
    expect(commit).toHaveTextContent('0f9e8d7');
    expect(commit).not.toHaveAttribute('href');
  });

  it('drops the preview when another deployment is chosen', async () => {
    stateAnswers(server, idleState);
    postAnswers(server, '/rollback/preview', () =>
      HttpResponse.json(gitRevertPreview),
    );
    await renderActionBar();

    const dialog = await openRollbackDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /0f9e8d7/ }),
    );
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-preview-button'),
    );
    await within(dialog).findByTestId('argocd-rollback-preview');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /9999888/ }),
    );

    expect(
      within(dialog).queryByTestId('argocd-rollback-preview'),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).getByTestId('argocd-rollback-confirm'),
    ).toBeDisabled();
  });

  it('on a moved GitOps branch closes the dialog and shows the state that won', async () => {
    stateAnswers(server, idleState);
    postAnswers(server, '/rollback/preview', () =>
      HttpResponse.json(gitRevertPreview),
    );
    postAnswers(server, '/rollback', () =>
      HttpResponse.json<ArgoActionConflict>(
        {
          error: {
            name: 'ConflictError',
            message:
              'the GitOps branch main moved since the preview (ffeeddc is now 1234567)',
          },
          current: runningState,
        },
        { status: 409 },
      ),
    );
    await renderActionBar();

    const dialog = await openRollbackDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /0f9e8d7/ }),
    );
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-preview-button'),
    );
    await within(dialog).findByTestId('argocd-rollback-preview');
    await userEvent.click(
      within(dialog).getByTestId('argocd-rollback-confirm'),
    );

    expect(await screen.findByTestId('argocd-action-result')).toHaveTextContent(
      'the GitOps branch main moved since the preview (ffeeddc is now 1234567). The card now shows the current state of driver.',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('argocd-operation-phase')).toHaveTextContent(
      'Running',
    );
    expect(screen.getByTestId('argocd-action-rollback')).toBeDisabled();
  });
});
