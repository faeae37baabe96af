import { chromium, Browser, Page } from 'playwright-core';
import { backendUrl } from './stack';

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

/** Opens the portal and signs in as guest. */
export async function signInAsGuest(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  page.setDefaultTimeout(60_000);
  await page.goto(backendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  return page;
}
