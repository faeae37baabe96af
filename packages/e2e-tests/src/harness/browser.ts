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
 * Opens an accordion by its summary (a `button` with `aria-expanded`): clicks it until it says it
 * is expanded. A click that lands while the card re-renders (its periodic refresh, another card
 * loading above it) can be lost; a second click is only made while the summary is still closed, so
 * nothing is toggled shut.
 */
async function expandAccordion(summary: Locator, what: string) {
  await summary.waitFor();
  await poll(
    what,
    async () => {
      if ((await summary.getAttribute('aria-expanded')) !== 'true') {
        await summary.click();
      }
      return (await summary.getAttribute('aria-expanded')) === 'true'
        ? true
        : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
}

/**
 * Opens the Kubernetes card's cluster and then the Deployment whose summary says `<pods> pods`,
 * and waits until at least `pods` rows of the pods table say Running. Both summaries carry the
 * same "N pods" text: the cluster's is the first such accordion summary, the Deployment's (inside
 * the opened cluster) the last, waited for by its presence, never by which one renders first; each
 * is opened by its `aria-expanded` state, never by a single click's timing.
 */
export async function openDeploymentPods(page: Page, pods: number) {
  const summaries = page
    .getByRole('button')
    .filter({ has: page.getByText(`${pods} pods`, { exact: true }) });
  await expandAccordion(summaries.first(), 'the cluster to open');
  await summaries.nth(1).waitFor();
  await expandAccordion(summaries.last(), 'the Deployment to open');
  await page
    .getByText('Running', { exact: true })
    .nth(pods - 1)
    .waitFor();
}
