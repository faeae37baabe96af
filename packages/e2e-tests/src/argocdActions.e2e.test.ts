import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  screenshotOnFailure,
  signInAsGuest,
} from './harness/browser';
import {
  argoCdApplication,
  ArgoCdApplication,
  GitOpsClone,
  gitOpsFileAtMain,
  remoteMainCommit,
  virtualServiceWeights,
} from './harness/platform';
import {
  pushGitOpsCommit,
  setArgoCdOperationDelay,
  startArgoCdSync,
  terminateArgoCdOperation,
} from './harness/platformWrites';
import { poll } from './harness/poll';
import {
  artifactsDir,
  backendUrl,
  guestToken,
  startStack,
  Stack,
} from './harness/stack';

// The Ops tab's Argo CD action bar, driven in Chromium as the guest (team-drivers and team-mesh:
// owner of driver and nginx-ab, not of giropops-senhas). Every outcome is checked where it
// lands: Argo CD's API, the GitOps repository, the live VirtualService and the Traffic card.
let stack: Stack;
let browser: Browser;
let page: Page;

/** Long enough that a sync stays Running until the test cancels it (the sandbox's annotation). */
const SLOW_OPERATION_MS = 600_000;

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  stack = await startStack();
  browser = await launchChromium();
  page = await signInAsGuest(browser);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

function actionGroup(): Locator {
  return page.getByRole('group', { name: 'Argo CD actions' });
}

/** The "Argo CD actions" card: the nearest card around the button group. */
function actionsCard(): Locator {
  return actionGroup().locator(
    'xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " MuiCard-root ")][1]',
  );
}

/** A button of the bar (or of a dialog) once it is enabled. */
function enabled(scope: Page | Locator, testId: string): Locator {
  return scope.locator(`[data-testid="${testId}"]:not([disabled])`);
}

/** The operation panel's phase chip once it shows `phase`. */
function phaseChip(phase: string): Locator {
  return actionsCard().locator(
    `[data-testid="argocd-operation-phase"][data-phase="${phase}"]`,
  );
}

async function openOpsTab(name: string) {
  await page.goto(`${backendUrl}/catalog/default/component/${name}/ops`);
  await page.getByRole('link', { name: 'Ops', exact: true }).waitFor();
  await actionGroup().waitFor();
}

async function screenshot(target: Locator, name: string) {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/**
 * Records, in the page, every phase the operation chip shows from now on (starting with the one
 * it shows now), so that a phase shown for one poll interval only is not missed.
 */
async function recordPhases() {
  await page.evaluate(() => {
    const w = window as unknown as {
      argoPhases?: { seen: string[]; observer: MutationObserver };
    };
    w.argoPhases?.observer.disconnect();
    const seen: string[] = [];
    const read = () => {
      const phase = document
        .querySelector('[data-testid="argocd-operation-phase"]')
        ?.getAttribute('data-phase');
      if (phase && seen[seen.length - 1] !== phase) seen.push(phase);
    };
    read();
    const observer = new MutationObserver(read);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase'],
    });
    w.argoPhases = { seen, observer };
  });
}

/** Waits until the recorded phases went through Running and the chip now says Succeeded. */
async function waitForRunningThenSucceeded(): Promise<string[]> {
  await page.waitForFunction(
    () => {
      const { seen } = (window as unknown as { argoPhases: { seen: string[] } })
        .argoPhases;
      const running = seen.indexOf('Running');
      const chip = document.querySelector(
        '[data-testid="argocd-operation-phase"]',
      );
      return (
        running >= 0 &&
        seen.slice(running + 1).includes('Succeeded') &&
        chip?.getAttribute('data-phase') === 'Succeeded'
      );
    },
    undefined,
    { timeout: 120_000 },
  );
  return page.evaluate(
    () =>
      (window as unknown as { argoPhases: { seen: string[] } }).argoPhases.seen,
  );
}

function historyIds(app: ArgoCdApplication): number[] {
  return (app.status?.history ?? []).map(entry => entry.id);
}

/** What a mutation of the Application would change: its operation and its history. */
function operationAndHistory(app: ArgoCdApplication) {
  const op = app.status?.operationState;
  return {
    operation: op && {
      phase: op.phase,
      startedAt: op.startedAt,
      finishedAt: op.finishedAt,
    },
    history: app.status?.history,
    revision: app.status?.sync?.revision,
  };
}

describe('the Argo CD action bar', () => {
  it('lets the owner sync driver: dry run first, then Running and Succeeded, a new history entry', () =>
    screenshotOnFailure(page, 'argocd-actions-sync', async () => {
      const before = await argoCdApplication('driver');
      const idsBefore = historyIds(before);
      expect(idsBefore.length).toBeGreaterThan(0);

      await openOpsTab('driver');
      const sync = enabled(actionsCard(), 'argocd-action-sync');
      await sync.waitFor();
      await enabled(actionsCard(), 'argocd-action-refresh').waitFor();
      await screenshot(actionsCard(), 'argocd-actions-idle');

      await sync.click();
      const dialog = page.getByRole('dialog', { name: 'Sync driver' });
      await dialog.waitFor();
      expect(
        await dialog
          .getByRole('checkbox', { name: 'Dry run first' })
          .isChecked(),
      ).toBe(true);
      const confirm = dialog.getByTestId('argocd-sync-confirm');
      expect(await confirm.innerText()).toMatch(/dry run/i);
      await confirm.click();

      // The dry run lists, per resource, what the sync would do; nothing is applied.
      const dryRunRows = dialog
        .getByTestId('argocd-dry-run-resources')
        .getByTestId('argocd-resource-row');
      await dryRunRows.first().waitFor();
      const dryRunText = await dialog
        .getByTestId('argocd-dry-run-resources')
        .innerText();
      expect(dryRunText).toContain('Deployment');
      expect(dryRunText).toMatch(/deployment\.apps\/driver \w+ \(dry run\)/);
      expect(historyIds(await argoCdApplication('driver'))).toEqual(idsBefore);
      await screenshot(dialog, 'argocd-actions-sync-dry-run');

      // The confirmed sync: the card follows the operation from Running to Succeeded.
      const confirmSync = enabled(dialog, 'argocd-sync-confirm');
      await confirmSync.waitFor();
      expect(await confirmSync.innerText()).toMatch(/^sync$/i);
      await recordPhases();
      await confirmSync.click();
      await dialog.waitFor({ state: 'detached' });
      const phases = await waitForRunningThenSucceeded();
      expect(phases.slice(phases.indexOf('Running'))).toEqual([
        'Running',
        'Succeeded',
      ]);
      const operation = actionsCard().getByTestId('argocd-operation');
      expect(await operation.innerText()).not.toMatch(/dry run/);
      await actionsCard()
        .getByTestId('argocd-operation-resources')
        .getByTestId('argocd-resource-row')
        .first()
        .waitFor();
      await screenshot(actionsCard(), 'argocd-actions-succeeded');

      // Argo CD's API: one new history entry, the operation Succeeded and not a dry run.
      const after = await poll(
        'a new history entry of driver in Argo CD',
        async () => {
          const app = await argoCdApplication('driver');
          return historyIds(app).length > idsBefore.length ? app : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const newIds = historyIds(after).filter(id => !idsBefore.includes(id));
      expect(newIds).toHaveLength(1);
      expect(after.status?.operationState?.phase).toBe('Succeeded');
      expect(after.status?.sync?.status).toBe('Synced');

      // The bar's history (the rollback dialog) shows the new entry as the running deployment.
      await enabled(actionsCard(), 'argocd-action-rollback').click();
      const rollback = page.getByRole('dialog', { name: 'Roll back driver' });
      const entry = rollback.getByTestId(`argocd-history-${newIds[0]}`);
      await entry.waitFor();
      expect(await entry.innerText()).toContain('(running now)');
      expect(await entry.getByRole('radio').isDisabled()).toBe(true);
      await rollback.getByRole('button', { name: 'Close' }).click();
      await rollback.waitFor({ state: 'detached' });
    }));

  it('lets the owner roll nginx-ab back to the earlier revision with a revert commit, and the Traffic card follows', () =>
    screenshotOnFailure(page, 'argocd-actions-rollback', async () => {
      const istioPath = 'services/nginx-ab/istio.yaml';
      expect(await virtualServiceWeights('nginx-ab', 'nginx-ab')).toEqual({
        v1: 100,
        v2: 0,
      });
      const seedManifest = await gitOpsFileAtMain(istioPath);
      const initial = await argoCdApplication('nginx-ab');
      const earlier = initial.status?.history?.at(-1);
      expect(earlier).toBeDefined();

      // Another writer shifts 20 % to v2 with a commit; Argo CD syncs it automatically.
      const shifted = await pushGitOpsCommit({
        path: istioPath,
        edit: text =>
          text
            .replace(/(subset: v1\n\s+weight:) 100\b/, '$1 80')
            .replace(/(subset: v2\n\s+weight:) 0\b/, '$1 20'),
        message: 'nginx-ab: send 20% of the traffic to v2',
        author: { name: 'Mesh Writer', email: 'mesh-writer@example.com' },
      });
      await poll(
        'Argo CD to deploy the 80/20 commit',
        async () => {
          const weights = await virtualServiceWeights('nginx-ab', 'nginx-ab');
          const app = await argoCdApplication('nginx-ab');
          const deployed = (app.status?.history ?? []).some(
            h => h.revision === shifted,
          );
          return weights.v1 === 80 &&
            weights.v2 === 20 &&
            deployed &&
            (app.status?.history?.length ?? 0) >= 2
            ? true
            : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );

      await openOpsTab('nginx-ab');
      const trafficCard = page.getByTestId('traffic-card');
      await trafficCard
        .getByTestId('traffic-live-weight-v1')
        .filter({ hasText: /^80%$/ })
        .waitFor();
      await enabled(actionsCard(), 'argocd-action-rollback').click();
      const dialog = page.getByRole('dialog', { name: 'Roll back nginx-ab' });
      await dialog.getByTestId(`argocd-history-${earlier!.id}`).click();
      await enabled(dialog, 'argocd-rollback-preview-button').click();

      // The preview: a Git revert (auto-sync is on) of istio.yaml, 80/20 back to 100/0.
      const explanation = dialog.getByTestId('argocd-rollback-explanation');
      await explanation.waitFor();
      expect(await explanation.innerText()).toMatch(/revert commit/i);
      expect(await explanation.innerText()).toContain('services/nginx-ab/');
      expect(
        await dialog
          .getByTestId('argocd-rollback-mode')
          .getAttribute('data-mode'),
      ).toBe('git-revert');
      const files = dialog.getByTestId('argocd-rollback-file');
      expect(await files.count()).toBe(1);
      expect(await files.first().getAttribute('data-path')).toBe(istioPath);
      const diff = await files.first().innerText();
      expect(diff).toMatch(/^-\s+weight: 80$/m);
      expect(diff).toMatch(/^\+\s+weight: 100$/m);
      expect(diff).toMatch(/^-\s+weight: 20$/m);
      expect(diff).toMatch(/^\+\s+weight: 0$/m);
      await screenshot(dialog, 'argocd-actions-rollback-preview');

      const headBefore = await remoteMainCommit();
      expect(headBefore).toBe(shifted);
      await enabled(dialog, 'argocd-rollback-confirm').click();
      await dialog.waitFor({ state: 'detached' });
      const result = actionsCard().getByTestId('argocd-action-result');
      await result.waitFor();
      expect(await result.getAttribute('data-severity')).toBe('success');
      const commitText = await result
        .getByTestId('argocd-rollback-commit')
        .innerText();

      // One revert commit on main: istio.yaml only, as it was, naming nginx-ab and the user.
      const revert = await poll('the revert commit on main', async () => {
        const head = await remoteMainCommit();
        return head !== headBefore ? head : undefined;
      });
      expect(revert.startsWith(commitText)).toBe(true);
      const clone = await GitOpsClone.create();
      try {
        expect(await clone.commitsTouching(headBefore, ['.'])).toEqual([
          revert,
        ]);
        expect(await clone.filesOf(revert)).toEqual([istioPath]);
        const subject = await clone.subjectOf(revert);
        expect(subject).toContain('nginx-ab');
        expect(subject).toContain('user:default/guest');
      } finally {
        clone.remove();
      }
      expect(await gitOpsFileAtMain(istioPath)).toBe(seedManifest);

      // Argo CD applies the revert: the live VirtualService is back at 100/0.
      await poll(
        'the live VirtualService back at 100/0',
        async () => {
          const weights = await virtualServiceWeights('nginx-ab', 'nginx-ab');
          return weights.v1 === 100 && weights.v2 === 0 ? weights : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      await poll(
        'Argo CD to show the revert deployed and Synced',
        async () => {
          const app = await argoCdApplication('nginx-ab');
          return app.status?.sync?.revision === revert &&
            app.status?.sync?.status === 'Synced' &&
            (app.status?.history ?? []).some(h => h.revision === revert)
            ? true
            : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );

      // The bar shows the revert's operation Succeeded; the Traffic card follows (100/0, Synced).
      await actionsCard()
        .getByTestId('argocd-operation')
        .filter({ hasText: `of ${revert.slice(0, 7)}` })
        .locator(
          '[data-testid="argocd-operation-phase"][data-phase="Succeeded"]',
        )
        .waitFor({ timeout: 120_000 });
      await trafficCard
        .getByTestId('traffic-live-weight-v1')
        .filter({ hasText: /^100%$/ })
        .waitFor({ timeout: 120_000 });
      expect(
        await trafficCard.getByTestId('traffic-live-weight-v2').innerText(),
      ).toBe('0%');
      expect(
        await trafficCard.getByTestId('traffic-subset-v1').innerText(),
      ).toContain('100');
      await trafficCard
        .getByTestId('traffic-sync-status')
        .filter({ hasText: /^Synced$/ })
        .waitFor();
      await screenshot(actionsCard(), 'argocd-actions-rollback-done');
      await page.screenshot({
        path: join(artifactsDir, 'argocd-actions-rollback-done-page.png'),
        fullPage: true,
      });
    }));

  it('lets the owner cancel a slow sync of driver: Running, then Failed "Operation terminated"', () =>
    screenshotOnFailure(page, 'argocd-actions-cancel', async () => {
      await setArgoCdOperationDelay('driver', SLOW_OPERATION_MS);
      try {
        const before = await argoCdApplication('driver');
        await openOpsTab('driver');
        await enabled(actionsCard(), 'argocd-action-sync').click();
        const dialog = page.getByRole('dialog', { name: 'Sync driver' });
        await dialog.getByRole('checkbox', { name: 'Dry run first' }).uncheck();
        const confirm = enabled(dialog, 'argocd-sync-confirm');
        expect(await confirm.innerText()).toMatch(/^sync$/i);
        await confirm.click();
        await dialog.waitFor({ state: 'detached' });

        // The operation stays Running (the delay): the bar shows it and offers Cancel.
        await phaseChip('Running').waitFor();
        const running = await argoCdApplication('driver');
        expect(running.status?.operationState?.phase).toBe('Running');
        const cancel = enabled(actionsCard(), 'argocd-action-cancel');
        await cancel.waitFor();
        expect(
          await actionsCard().getByTestId('argocd-action-sync').isDisabled(),
        ).toBe(true);
        await screenshot(actionsCard(), 'argocd-actions-running');

        await cancel.click();
        const cancelDialog = page.getByRole('dialog', {
          name: 'Cancel the running sync of driver',
        });
        await enabled(cancelDialog, 'argocd-cancel-confirm').click();
        await cancelDialog.waitFor({ state: 'detached' });

        await phaseChip('Failed').waitFor({ timeout: 120_000 });
        await actionsCard()
          .getByTestId('argocd-operation-message')
          .filter({ hasText: 'Operation terminated' })
          .waitFor();
        await actionsCard()
          .getByTestId('argocd-action-cancel')
          .waitFor({ state: 'detached' });
        const after = await argoCdApplication('driver');
        expect(after.status?.operationState).toMatchObject({
          phase: 'Failed',
          message: 'Operation terminated',
        });
        expect(historyIds(after)).toEqual(historyIds(before));
        await screenshot(actionsCard(), 'argocd-actions-cancelled');
      } finally {
        const app = await argoCdApplication('driver');
        const phase = app.status?.operationState?.phase;
        if (phase === 'Running' || phase === 'Terminating') {
          await terminateArgoCdOperation('driver').catch(() => undefined);
        }
        await setArgoCdOperationDelay('driver', undefined);
      }
    }));

  it('refuses a non-owner: giropops-senhas shows the four buttons disabled with the reason, and forged requests get 403 and change nothing', () =>
    screenshotOnFailure(page, 'argocd-actions-non-owner', async () => {
      const entityRef = 'component:default/giropops-senhas';
      const reason = (what: string) =>
        `Only the owners of Giropops Senhas and platform admins can ${what}`;

      async function expectTooltip(testId: string, text: string) {
        await actionsCard().getByTestId(`${testId}-wrapper`).hover();
        await page
          .getByRole('tooltip')
          .filter({ hasText: text })
          .waitFor({ state: 'visible' });
        // Away from the bar, so that the next tooltip is the only one asked for.
        await page.mouse.move(0, 0);
      }

      await openOpsTab('giropops-senhas');
      const denied = actionsCard().getByTestId('argocd-actions-denied');
      await denied.waitFor();
      expect(await denied.innerText()).toBe(
        'Only the owners of Giropops Senhas and platform admins can sync it or roll it back.',
      );
      for (const testId of [
        'argocd-action-sync',
        'argocd-action-refresh',
        'argocd-action-rollback',
      ]) {
        expect(await actionsCard().getByTestId(testId).isDisabled()).toBe(true);
      }
      await expectTooltip('argocd-action-sync', reason('sync it'));
      await expectTooltip('argocd-action-refresh', reason('refresh it'));
      await expectTooltip('argocd-action-rollback', reason('roll it back'));

      // Forged requests with the guest's own token: 403, and Argo CD and Git stay as they were.
      const token = await guestToken();
      const forge = async (path: string, body: unknown) => {
        const res = await fetch(`${backendUrl}/api/argocd-actions${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.text() };
      };
      const settled = async () => {
        let previous = JSON.stringify(
          operationAndHistory(await argoCdApplication('giropops-senhas')),
        );
        return poll(
          'giropops-senhas to read the same twice',
          async () => {
            await new Promise(r => setTimeout(r, 1000));
            const current = JSON.stringify(
              operationAndHistory(await argoCdApplication('giropops-senhas')),
            );
            const same = current === previous;
            previous = current;
            return same ? current : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 0 },
        );
      };
      const appBefore = await settled();
      const headBefore = await remoteMainCommit();
      const giropops = await argoCdApplication('giropops-senhas');
      const entry = giropops.status?.history?.at(-1);
      expect(entry).toBeDefined();
      const syncAnswer = await forge('/sync', {
        entityRef,
        prune: true,
        dryRun: false,
      });
      expect(syncAnswer.status).toBe(403);
      expect(syncAnswer.body).toContain(entityRef);
      const rollbackAnswer = await forge('/rollback', {
        entityRef,
        historyId: entry!.id,
        expectedRevision: headBefore,
        mode: 'git-revert',
      });
      expect(rollbackAnswer.status).toBe(403);
      expect(rollbackAnswer.body).toContain(entityRef);
      expect(
        JSON.stringify(
          operationAndHistory(await argoCdApplication('giropops-senhas')),
        ),
      ).toBe(appBefore);
      expect(await remoteMainCommit()).toBe(headBefore);
      await screenshot(actionsCard(), 'argocd-actions-non-owner');

      // With an operation running (started by an operator through Argo CD), Cancel shows too,
      // disabled with the reason; a forged cancel is refused and the operation keeps running.
      await setArgoCdOperationDelay('giropops-senhas', SLOW_OPERATION_MS);
      try {
        await startArgoCdSync('giropops-senhas');
        const running = await poll(
          'the operator sync of giropops-senhas to run',
          async () => {
            const app = await argoCdApplication('giropops-senhas');
            return app.status?.operationState?.phase === 'Running'
              ? app
              : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        );
        await openOpsTab('giropops-senhas');
        await phaseChip('Running').waitFor();
        const cancel = actionsCard().getByTestId('argocd-action-cancel');
        await cancel.waitFor();
        expect(await cancel.isDisabled()).toBe(true);
        await expectTooltip('argocd-action-cancel', reason('cancel it'));
        await screenshot(actionsCard(), 'argocd-actions-non-owner-running');
        const cancelAnswer = await forge('/cancel', { entityRef });
        expect(cancelAnswer.status).toBe(403);
        const still = await argoCdApplication('giropops-senhas');
        expect(operationAndHistory(still)).toEqual(
          operationAndHistory(running),
        );
        expect(still.status?.operationState?.phase).toBe('Running');
      } finally {
        await terminateArgoCdOperation('giropops-senhas').catch(
          () => undefined,
        );
        await setArgoCdOperationDelay('giropops-senhas', undefined);
      }
      await poll(
        'the operator sync of giropops-senhas to end',
        async () => {
          const app = await argoCdApplication('giropops-senhas');
          return app.status?.operationState?.phase === 'Failed'
            ? true
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(await remoteMainCommit()).toBe(headBefore);
    }));
});
