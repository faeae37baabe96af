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
  try {
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
  } catch (error) {
    const state = await page.evaluate(
      ({ card, loading }) => ({
        cards: document.querySelectorAll(card).length,
        loading: [...document.querySelectorAll(card)]
          .filter(element => element.querySelector(loading) !== null)
          .map(element =>
            (
              element.querySelector(
                '.MuiCardHeader-title, h1, h2, h3, h4, h5, h6',
              )?.textContent ?? '(untitled)'
            ).trim(),
          ),
        outside: [...document.querySelectorAll(loading)].filter(
          element => element.closest(card) === null,
        ).length,
      }),
      { card: CARD, loading: LOADING },
    );
    throw new Error(
      `Not every card painted: ${
        state.cards
      } of ${expectedCards} cards, still loading: ${
        state.loading.join(', ') || 'none'
      }, ${state.outside} loading indicator(s) outside the cards (${
        (error as Error).message
      })`,
    );
  }
}

/** The first moment, in ms since navigation, each card (by its title) showed nothing loading. */
export type CardPaintTimes = Record<string, number>;

/**
 * Before the page's own scripts run (`addInitScript`), starts a check on every animation frame
 * that records, per card title (the card's first heading), the first moment the card is on the
 * page with nothing loading inside it. {@link cardPaintTimes} reads the record.
 */
export async function recordCardPaints(page: Page): Promise<void> {
  await page.addInitScript(
    ({ card, loading }) => {
      const times: Record<string, number> = {};
      (window as any).__opsCardPaints = times;
      const check = () => {
        document.querySelectorAll(card).forEach(element => {
          // The title alone: MUI's CardHeader title, else the first heading.
          const heading = element.querySelector(
            '.MuiCardHeader-title, h1, h2, h3, h4, h5, h6',
          );
          const title = (heading?.textContent ?? '').trim().slice(0, 40);
          if (!title || title in times) return;
          if (element.querySelector(loading) === null) {
            times[title] = performance.now();
          }
        });
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { card: CARD, loading: LOADING },
  );
}

/** What {@link recordCardPaints} recorded on this page. */
export async function cardPaintTimes(page: Page): Promise<CardPaintTimes> {
  return page.evaluate(() => ({ ...((window as any).__opsCardPaints ?? {}) }));
}
