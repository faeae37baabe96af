import { chromium, Browser, Page } from 'playwright-core';
import { join } from 'node:path';
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
 * Opens the Kubernetes card's cluster and then the Deployment whose summary says `<pods> pods`,
 * and waits until at least `pods` rows of the pods table say Running. The cluster summary shows
 * the same "N pods" text before the Deployment row has rendered, so the Deployment is the second
 * such element, waited for by its presence, never by which one renders first.
 */
export async function openDeploymentPods(page: Page, pods: number) {
  await page.getByText('Cluster', { exact: true }).first().click();
  const podCounts = page.getByText(`${pods} pods`, { exact: true });
  await podCounts.nth(1).waitFor();
  await podCounts.last().click();
  await page
    .getByText('Running', { exact: true })
    .nth(pods - 1)
    .waitFor();
}
