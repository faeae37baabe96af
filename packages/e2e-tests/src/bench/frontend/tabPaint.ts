import type { Page } from 'playwright-core';

/** A tab of the entity page the benchmark loads. */
export interface TabUnderTest {
  name: string;
  /** Path of the tab under the backend's URL. */
  path: string;
}

/** What still loads: Backstage's `Progress`, MUI progress bars and skeletons. */
const LOADING =
  '[role="progressbar"], [data-testid="progress"], .MuiSkeleton-root';

/**
 * Loads the tab, waits until the network is idle and nothing on the page is loading any more,
 * and answers how many cards it then shows: the count every sample waits for.
 */
export async function settledCardCount(
  page: Page,
  tab: TabUnderTest,
  baseUrl: string,
): Promise<number> {
  await page.goto(`${baseUrl}${tab.path}`, { waitUntil: 'networkidle' });
  await page.waitForFunction(
    loading =>
      document.querySelectorAll('.MuiCard-root').length > 0 &&
      document.querySelector(loading) === null,
    LOADING,
    { polling: 'raf' },
  );
  return page.locator('.MuiCard-root').count();
}

/**
 * Waits, checking on every animation frame, until the page shows at least `expectedCards` cards
 * and nothing loads any more (no progress bar, no skeleton), and answers that moment in ms since
 * the navigation started (the page's `performance.now()`).
 */
export async function allCardsPainted(
  page: Page,
  expectedCards: number,
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ loading, expected }) =>
      document.querySelectorAll('.MuiCard-root').length >= expected &&
      document.querySelector(loading) === null
        ? performance.now()
        : false,
    { loading: LOADING, expected: expectedCards },
    { polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}
