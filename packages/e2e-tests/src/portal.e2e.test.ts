import { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { launchChromium, signInAsGuest } from './harness/browser';
import { artifactsDir, backendUrl, startStack, Stack } from './harness/stack';

// One stack for the whole file: starting the backend is the slow part.
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  stack = await startStack();
  browser = await launchChromium();
  page = await signInAsGuest(browser);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openOpsTab(entity: string) {
  await page.goto(`${backendUrl}/catalog/default/component/${entity}/ops`);
  await page.getByRole('tab', { name: 'Ops' }).waitFor();
}

describe('the portal against the local platform', () => {
  it('lists the demo services in the catalog', async () => {
    await page.goto(`${backendUrl}/catalog`);
    for (const name of ['driver', 'giropops-senhas', 'nginx-ab']) {
      await page.getByRole('link', { name, exact: true }).first().waitFor();
    }
  });

  it('shows driver pods Running and its Argo CD application Synced on the Ops tab', async () => {
    await openOpsTab('driver');
    await page.getByText('Synced').first().waitFor();
    await page.getByText('Healthy').first().waitFor();
    // The Kubernetes content groups pods under their Deployment; expand it to see the pod phases.
    await page.getByText('driver', { exact: true }).first().waitFor();
    await page.getByText(/pods?$/).first().click();
    await page.getByText('Running').first().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'driver-ops-tab.png'), fullPage: true });
  });

  it('finds the service by name and by tag in search', async () => {
    await page.goto(`${backendUrl}/search?query=driver`);
    await page.getByRole('link', { name: /Driver API/ }).first().waitFor();
    await page.goto(`${backendUrl}/search?query=keycloak`);
    await page.getByRole('link', { name: /Driver API/ }).first().waitFor();
  });

  it('names the missing annotations for an entity that has none', async () => {
    await openOpsTab('legacy-reports');
    await page.getByText('backstage.io/kubernetes-id').first().waitFor();
    await page.getByText('argocd/app-name').first().waitFor();
  });

  it('degrades only the Kubernetes and Argo CD cards when the local platform stops', async () => {
    // Last test of the file: the sandbox stays down; afterAll stops the rest.
    await stack.sandbox.stop();
    await openOpsTab('driver');
    await page.getByText(/error|unreachable|failed/i).first().waitFor();
    // The rest of the page still works: header and the other tabs.
    await page.getByRole('heading', { name: /Driver API|driver/ }).first().waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('Go REST API for drivers').first().waitFor();
    await page.screenshot({
      path: join(artifactsDir, 'driver-ops-tab-sandbox-down.png'),
      fullPage: true,
    });
  });
});
