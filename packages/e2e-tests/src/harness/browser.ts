import { chromium, Browser, Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { poll } from './poll';
import { artifactsDir, backendUrl } from './stack';

/** Debian's Chromium, started the way this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the portal and signs in as guest; returns once the signed-in app shows its sidebar. */
export async function signInAsGuest(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  await signInPageAsGuest(page);
  return page;
}

/** Signs `page` in as guest (60 s default timeout) and waits until the app shows its sidebar. */
export async function signInPageAsGuest(page: Page): Promise<void> {
  page.setDefaultTimeout(60_000);
  await page.goto(backendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  // A navigation before the sign-in finished would land on the sign-in page again.
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .first()
    .waitFor();
}

/** Runs `steps`; when they throw, saves a full-page screenshot `failed-<name>.png` first. */
export async function screenshotOnFailure<T>(
  page: Page,
  name: string,
  steps: () => Promise<T>,
): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    await page
      .screenshot({
        path: join(artifactsDir, `failed-${name}.png`),
        fullPage: true,
      })
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Opens an accordion by its summary (a `button` with `aria-expanded`): clicks `target`, a part of
 * the summary that only toggles it, until the summary says it is expanded. A click that lands
 * while the card re-renders can be lost; a second click is only made while the summary is still
 * closed, so nothing is toggled shut.
 */
async function expandAccordion(summary: Locator, target: Locator, what: string) {
  await target.waitFor();
  await poll(
    what,
    async () => {
      if ((await summary.getAttribute('aria-expanded')) !== 'true') {
        await target.click();
      }
      return (await summary.getAttribute('aria-expanded')) === 'true'
        ? true
        : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
}

/**
 * Opens the Kubernetes card's cluster and then its Deployment, and waits until at least `pods`
 * rows of the pods table say Running. Each accordion is found by its summary's role and the kind it
 * names ("Cluster", "Deployment") and opened by its `aria-expanded` state; nothing depends on a
 * pod count the HPA may change meanwhile or on which of two equal texts renders first.
 */
export async function openDeploymentPods(page: Page, pods: number) {
  // MUI's accordion summary: a `role="button"` element with `aria-expanded` (the button inside it
  // that names the object has neither).
  const summary = (kind: string) =>
    page
      .locator('[role="button"][aria-expanded]')
      .filter({ has: page.getByText(kind, { exact: true }) })
      .first();
  // The pod count in a summary toggles it; the object's name is a button of its own that opens a
  // drawer over the page.
  const podCount = (of: Locator) => of.getByText(/^\d+ pods?$/).first();
  const cluster = summary('Cluster');
  await expandAccordion(cluster, podCount(cluster), 'the cluster to open');
  const deployment = summary('Deployment');
  await expandAccordion(
    deployment,
    podCount(deployment),
    'the Deployment to open',
  );
  await page
    .getByText('Running', { exact: true })
    .nth(pods - 1)
    .waitFor();
}
