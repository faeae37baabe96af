import type { Page } from 'playwright-core';

/** A tab of the entity page the benchmark loads. */
export interface TabUnderTest {
  name: string;
  /** Path of the tab under the backend's URL. */
  path: string;
}

/** The cards of a tab: Backstage UI cards (the catalog's Overview) and MUI cards (InfoCard). */
const CARD = '.bui-Card, .MuiCard-root';

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
  try {
    await page.waitForFunction(
      ({ card, loading }) =>
        document.querySelectorAll(card).length > 0 &&
        document.querySelector(loading) === null,
      { card: CARD, loading: LOADING },
      { polling: 'raf' },
    );
  } catch (error) {
    const state = await page.evaluate(
      ({ card, loading }) => {
        const still = [...document.querySelectorAll(loading)].map(element =>
          element.outerHTML.slice(0, 200),
        );
        const cardClasses = [
          ...new Set(
            [...document.querySelectorAll('[class*="Card"], [class*="card"]')]
              .flatMap(element => String(element.className).split(' '))
              .filter(name => /card/i.test(name)),
          ),
        ];
        return {
          cards: document.querySelectorAll(card).length,
          still,
          cardClasses,
        };
      },
      { card: CARD, loading: LOADING },
    );
    throw new Error(
      `The ${tab.name} tab did not settle: ${
        state.cards
      } cards, still loading: ${
        state.still.join(' | ') || 'nothing'
      }; card classes on the page: ${state.cardClasses.join(
        ' ',
      )}; url ${page.url()} (${(error as Error).message})`,
    );
  }
  return page.locator(CARD).count();
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
    ({ card, loading, expected }) =>
      document.querySelectorAll(card).length >= expected &&
      document.querySelector(loading) === null
        ? performance.now()
        : false,
    { card: CARD, loading: LOADING, expected: expectedCards },
    { polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}
