import { acceptPushes, rejectPushes } from '@internal/sandbox';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshotOnFailure,
  signInAsGuest,
  openDeploymentPods,
} from './harness/browser';
import {
  argoCdAppStatus,
  catalogComponents,
  catalogLocations,
  keycloakClients,
  keycloakClientSecret,
  kubernetesSecretValue,
  remoteMainCommit,
  serviceCommits,
  serviceFiles,
} from './harness/platform';
import { poll, PollGiveUp } from './harness/poll';
import {
  failedStep,
  failureMessage,
  getTask,
  getTaskEvents,
  runTemplate,
  SERVICE_STEPS,
  serviceValues,
  stepStatuses,
} from './harness/scaffolder';
import { SERVICE_FORM_PAGES } from './harness/serviceFormCases';
import { artifactsDir, backendUrl, startStack, Stack } from './harness/stack';
import {
  clickWizard,
  openServiceWizard,
  pickOption,
  taskPageSteps,
} from './harness/wizard';

// The new-service template end to end: the wizard in Chromium, then failed steps and re-runs
// through the REST API. One stack for the file; tests run in order and share it.
let stack: Stack;
let browser: Browser;
let page: Page;
/** `main` of the GitOps repository as the sandbox seeded it. */
let seedCommit: string;

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  stack = await startStack();
  seedCommit = await remoteMainCommit();
  browser = await launchChromium();
  page = await signInAsGuest(browser);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The one Keycloak client `name` in realm platform (fails when there are none or several). */
async function onlyKeycloakClient(name: string) {
  const clients = await keycloakClients('platform', name);
  expect(clients.map(c => c.clientId)).toEqual([name]);
  return clients[0];
}

describe('the new-service template', () => {
  it('creates payments through the wizard: GitOps commit, Argo CD, catalog, pods, Keycloak client', () =>
    screenshotOnFailure(page, 'new-service-wizard', async () => {
      await openServiceWizard(page);
      await page.locator('#root_name').fill('payments');
      await page.locator('#root_description').fill('Takes payments for rides.');
      await pickOption(page, 'root_owner', 'team-drivers');
      await pickOption(page, 'root_system', 'Ops demo');
      await clickWizard(page, 'Next');
      await page
        .getByLabel('Container image')
        .fill('registry.ops.local/payments:1.0.0');
      await page.getByLabel('Container port').fill('8080');
      expect(await page.getByLabel('Namespace').inputValue()).toBe('payments');
      await clickWizard(page, 'Next');
      expect(await page.getByLabel('Route path').inputValue()).toBe(
        '/api/payments',
      );
      await page.getByLabel('Authentication').click();
      await page
        .getByRole('option', { name: 'OIDC with a new Keycloak client' })
        .click();
      await clickWizard(page, 'Next');
      await page.getByLabel('Minimum replicas').waitFor();
      await clickWizard(page, 'Next');
      expect(
        await page.getByLabel('Ship logs to Elasticsearch').isChecked(),
      ).toBe(true);
      await clickWizard(page, 'Review');
      for (const value of [
        'group:default/team-drivers',
        'system:default/ops-demo',
        'oidc',
      ]) {
        await page.getByRole('cell', { name: value, exact: true }).waitFor();
      }
      await clickWizard(page, 'Create');

      await page.waitForURL(/\/create\/tasks\//);
      const taskId = page.url().split('/').pop()!;
      const steps = await poll(
        'every step of the task page to show completed',
        async () => {
          const shown = await taskPageSteps(page);
          const failed = shown.find(s => s.state === 'failed');
          if (failed) throw new PollGiveUp(`step "${failed.label}" failed`);
          if (shown.length === 7 && shown.every(s => s.state === 'completed'))
            return shown;
          throw new Error(`the page shows ${JSON.stringify(shown)}`);
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(steps.map(s => s.label)).toEqual([
        'Check that the service name is free or yours',
        'Render the Kubernetes, Kong and Argo CD manifests',
        'Write the catalog entity',
        'Create the Keycloak client',
        'Publish to the GitOps repository',
        'Create the Argo CD Application',
        'Register in the catalog',
      ]);
      await page
        .getByRole('link', { name: /Open the service in the catalog/i })
        .waitFor();
      await page.screenshot({
        path: join(artifactsDir, 'new-service-task-completed.png'),
        fullPage: true,
      });
      expect((await getTask(taskId)).status).toBe('completed');

      // GitOps: one new commit with every manifest, the catalog entity and the Argo CD Application.
      expect(await serviceCommits('payments', seedCommit)).toEqual([
        { subject: 'Add service payments', files: serviceFiles('payments') },
      ]);
      expect(await argoCdAppStatus('payments')).toEqual({
        sync: 'Synced',
        health: 'Healthy',
      });
      await poll('component:default/payments in the catalog', async () =>
        (await catalogComponents('payments')).length === 1 ? true : undefined,
      );

      // Keycloak: one client; its secret reached the cluster but not the task page or the task log.
      const client = await onlyKeycloakClient('payments');
      const secret = await keycloakClientSecret('platform', client.id);
      expect(
        await kubernetesSecretValue(
          'payments',
          'payments-oidc-client',
          'client-secret',
        ),
      ).toBe(secret);
      expect(await page.content()).not.toContain(secret);
      expect(await page.locator('body').innerText()).not.toContain(secret);
      expect(JSON.stringify(await getTaskEvents(taskId))).not.toContain(secret);
      expect(JSON.stringify(await getTask(taskId))).not.toContain(secret);

      // The Ops tab: the Deployment's pods are Running.
      await page.goto(`${backendUrl}/catalog/default/component/payments/ops`);
      await page.getByRole('link', { name: 'Ops', exact: true }).waitFor();
      await openDeploymentPods(page, 2);
      expect(
        await page.getByText('Running', { exact: true }).count(),
      ).toBeGreaterThanOrEqual(2);
      await page.screenshot({
        path: join(artifactsDir, 'new-service-payments-ops-tab.png'),
        fullPage: true,
      });
    }));

  it('shows the rule of each field for bad input and does not advance', () =>
    screenshotOnFailure(page, 'new-service-form', async () => {
      const fill = async (values: Record<string, string>) => {
        for (const [label, value] of Object.entries(values)) {
          await page.getByLabel(label).fill(value);
        }
      };

      await openServiceWizard(page);
      await pickOption(page, 'root_owner', 'team-drivers');
      for (const { first, next, valid, cases } of SERVICE_FORM_PAGES) {
        await page.getByLabel(first).waitFor();
        for (const [inputs, at, message] of cases) {
          const shown = page
            .getByText(message, { exact: true })
            .and(page.locator(`#${at}`));
          expect(await shown.count()).toBe(0);
          await fill(inputs);
          await clickWizard(page, 'Next');
          await shown.waitFor();
          // Still on the page: its first input is there, the next page's is not.
          expect(await page.getByLabel(first).count()).toBe(1);
          expect(await page.getByLabel(next).count()).toBe(0);
          // Valid values advance; Back returns to the page without the message.
          await fill(valid);
          await clickWizard(page, 'Next');
          await page.getByLabel(next).waitFor();
          await clickWizard(page, 'Back');
          await page.getByLabel(first).waitFor();
        }
        await fill(valid);
        await clickWizard(page, 'Next');
      }
      await page.getByLabel('Ship logs to Elasticsearch').waitFor();
    }));
});

describe('failed steps and clean re-runs (REST API)', () => {
  it('fails at render for an image outside the allowlist and pushes nothing', async () => {
    const before = await remoteMainCommit();
    const { task, events } = await runTemplate(
      serviceValues('billing', { image: 'docker.io/evil/x:1' }),
    );
    expect(task.status).toBe('failed');
    expect(failedStep(events)).toBe('render');
    expect(failureMessage(events)).toMatch(
      /^policy image-registry-allowlist: image "docker.io\/evil\/x:1"/,
    );
    expect(await remoteMainCommit()).toBe(before);
    expect(await keycloakClients('platform', 'billing')).toEqual([]);
  });

  it('fails at publish when the git server rejects the push, then a re-run completes once', async () => {
    const before = await remoteMainCommit();
    await rejectPushes(stack.gitopsRepoPath, 'pushes to main are frozen');
    let first;
    try {
      first = await runTemplate(serviceValues('orders'));
    } finally {
      await acceptPushes(stack.gitopsRepoPath);
    }
    expect(first.task.status).toBe('failed');
    expect(failedStep(first.events)).toBe('publish');
    expect(failureMessage(first.events)).toMatch(
      /was rejected.*pushes to main are frozen/,
    );
    expect(await remoteMainCommit()).toBe(before);

    const second = await runTemplate(serviceValues('orders'));
    expect(second.task.status).toBe('completed');
    expect(stepStatuses(second.events)).toEqual(
      Object.fromEntries(SERVICE_STEPS.map(step => [step, 'completed'])),
    );
    await onlyKeycloakClient('orders');
    expect(await serviceCommits('orders', seedCommit)).toEqual([
      { subject: 'Add service orders', files: serviceFiles('orders') },
    ]);
    await poll('component:default/orders in the catalog', async () =>
      (await catalogComponents('orders')).length === 1 ? true : undefined,
    );
    expect(await catalogLocations('/services/orders/')).toHaveLength(1);
  });

  it('fails at the preflight while Keycloak does not answer, then a re-run completes', async () => {
    // The sandbox is one process: SIGSTOP freezes Keycloak (and, for those seconds, its other
    // APIs; the preflight reads the catalog, then Keycloak, so it is the first to notice).
    process.kill(stack.sandbox.pid, 'SIGSTOP');
    let first;
    try {
      first = await runTemplate(serviceValues('invoices'));
    } finally {
      process.kill(stack.sandbox.pid, 'SIGCONT');
    }
    expect(first.task.status).toBe('failed');
    expect(failedStep(first.events)).toBe('preflight');
    expect(failureMessage(first.events)).toMatch(
      /^Keycloak at http:\/\/127\.0\.0\.1:7174 did not answer/,
    );
    expect(await keycloakClients('platform', 'invoices')).toEqual([]);

    const second = await runTemplate(serviceValues('invoices'));
    expect(second.task.status).toBe('completed');
    await onlyKeycloakClient('invoices');
    expect(await serviceCommits('invoices', seedCommit)).toHaveLength(1);
  });
});
