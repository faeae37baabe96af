import { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  launchChromium,
  openDeploymentPods,
  signInAsGuest,
} from './harness/browser';
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
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Waits until the text is visible and returns how many elements show it. */
async function visibleText(
  text: string | RegExp,
  exact = false,
): Promise<number> {
  const locator = page.getByText(text, { exact });
  await locator.first().waitFor();
  return locator.count();
}

async function openOpsTab(entity: string) {
  await page.goto(`${backendUrl}/catalog/default/component/${entity}/ops`);
  await page.getByRole('link', { name: 'Ops', exact: true }).waitFor();
}

describe('the portal against the local platform', () => {
  it('lists the demo services in the catalog', async () => {
    // The catalog opens on "Owned" and the guest does not own giropops-senhas: ask for all
    // components in the URL (a click on "All" can race the page restoring its default filter).
    await page.goto(
      `${backendUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
    );
    for (const title of ['Driver API', 'Giropops Senhas', 'Nginx A/B']) {
      const link = page.getByRole('link', { name: title, exact: true });
      await link.first().waitFor();
      expect(await link.count()).toBeGreaterThan(0);
    }
  });

  it('shows driver pods Running and its Argo CD application Synced on the Ops tab', async () => {
    await openOpsTab('driver');
    expect(await visibleText('Synced', true)).toBeGreaterThan(0);
    expect(await visibleText('Healthy', true)).toBeGreaterThan(0);
    // The history card lists the seed commit Argo CD deployed.
    expect(await visibleText('ArgoCD history', true)).toBe(1);
    expect(await visibleText('Seed the GitOps repository', true)).toBe(1);
    // Cluster, then the Deployment: the pods table lists each pod's phase.
    await openDeploymentPods(page, 2);
    expect(await visibleText('Running', true)).toBeGreaterThanOrEqual(2);
    await page.screenshot({
      path: join(artifactsDir, 'driver-ops-tab.png'),
      fullPage: true,
    });
  });

  it('finds the service by name and by tag in search', async () => {
    for (const query of ['driver', 'fleet']) {
      await page.goto(`${backendUrl}/search?query=${query}`);
      const result = page.getByRole('link', { name: 'Driver API' });
      await result.first().waitFor();
      expect(await result.count()).toBeGreaterThan(0);
    }
  });

  it('names the missing annotations for an entity that has none', async () => {
    await openOpsTab('legacy-reports');
    expect(
      await visibleText('backstage.io/kubernetes-id', true),
    ).toBeGreaterThan(0);
    expect(await visibleText('argocd/app-name', true)).toBeGreaterThan(0);
  });

  it('degrades only the Kubernetes and Argo CD cards when the local platform stops', async () => {
    // Last test of the file: the sandbox stays down; afterAll stops the rest.
    await stack.sandbox.stop();
    await openOpsTab('driver');
    expect(
      await visibleText('There was a problem retrieving Kubernetes objects'),
    ).toBe(1);
    expect(
      await visibleText(/Argo CD could not be reached for application driver/),
    ).toBeGreaterThan(0);
    // The rest of the page still works.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    expect(await visibleText('Go REST API for drivers', false)).toBeGreaterThan(
      0,
    );
    await page.screenshot({
      path: join(artifactsDir, 'driver-ops-tab-sandbox-down.png'),
      fullPage: true,
    });
  });
});
