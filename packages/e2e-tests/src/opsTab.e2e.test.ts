import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  screenshotOnFailure,
  signInAsGuest,
} from './harness/browser';
import { poll } from './harness/poll';
import { prometheusUrl } from './harness/prometheus';
import { artifactsDir, backendUrl, startStack, Stack } from './harness/stack';

// The Ops tab's observability cards for driver against a real Prometheus scraping the sandbox's
// traffic simulator, the sandbox's Kong resources and its Elasticsearch stand-in. One stack.
let stack: Stack;
let browser: Browser;
let page: Page;

/** The Kibana base URL and field names app-config.yaml sets (`opsPortal.logs.kibana`). */
const KIBANA_DISCOVER = 'http://localhost:5601/app/discover#/?_g=';
/** The Kong route label the simulator gives driver's Ingress path (kic2 naming). */
const DRIVER_ROUTE = 'driver.driver.00';

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

/** The Ops tab card titled `title`. */
function card(title: string): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
}

/** One traffic source of the Golden signals card (`Kong routes`, `Istio versions`). */
function signalsGroup(title: string): Locator {
  return card('Golden signals').locator(`section[aria-label="${title}"]`);
}

/** All legend entries of the group's charts. */
async function legendTexts(group: Locator): Promise<string[]> {
  return group.locator('ul[aria-label$=" legend"] li').allInnerTexts();
}

/**
 * Full-page screenshots of the Ops tab at 1440 and 1920 px wide (`ops-tab-<width>.png`), taken
 * once the cards show their data; the Kong routes table is waited on again after each resize.
 */
async function screenshotOpsTabWidths() {
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  for (const width of [1440, 1920]) {
    await page.setViewportSize({ width, height: viewport.height });
    await card('Kong').locator('table[aria-label="Kong routes"]').waitFor();
    await page.screenshot({
      path: join(artifactsDir, `ops-tab-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(viewport);
}

async function openDriverOpsTab() {
  await page.goto(`${backendUrl}/catalog/default/component/driver/ops`);
  await page.getByRole('link', { name: 'Ops', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Last 15m' }).click();
}

/** Clicks the time window's refresh button until `check` returns a value. */
function refreshUntil<T>(what: string, check: () => Promise<T | undefined>) {
  return poll(
    what,
    async () => {
      await page.getByRole('button', { name: 'Refresh time window' }).click();
      await card('Golden signals').waitFor();
      return check();
    },
    { timeoutMs: 150_000, intervalMs: 2000 },
  );
}

describe('the Ops tab of driver with metrics, Kong and logs', () => {
  it('shows golden signals from Prometheus, Kong routes and plugins, the HPA and Kibana links', () =>
    screenshotOnFailure(page, 'driver-ops-tab-signals', async () => {
      await openDriverOpsTab();
      await refreshUntil(
        'Kong and Istio series in the Golden signals card',
        async () => {
          const kong = await legendTexts(signalsGroup('Kong routes'));
          const istio = await legendTexts(signalsGroup('Istio versions'));
          return kong.includes(DRIVER_ROUTE) && istio.includes('v1')
            ? true
            : undefined;
        },
      );
      const kongLegend = await legendTexts(signalsGroup('Kong routes'));
      expect(kongLegend).toContain(DRIVER_ROUTE);
      expect(await legendTexts(signalsGroup('Istio versions'))).toContain('v1');

      // Each panel links to the Prometheus graph page with its query.
      const graphLinks = await signalsGroup('Kong routes')
        .getByRole('link', { name: /in Prometheus/ })
        .evaluateAll(links => links.map(a => (a as HTMLAnchorElement).href));
      expect(graphLinks.length).toBeGreaterThan(0);
      for (const href of graphLinks) {
        expect(href.startsWith(`${prometheusUrl}/graph?`)).toBe(true);
      }
      const queries = graphLinks.map(
        href => new URL(href).searchParams.get('g0.expr') ?? '',
      );
      expect(queries.some(q => q.includes('kong_http_requests_total'))).toBe(
        true,
      );

      // Kong: driver's route path and its plugins, from the sandbox's KIC resources.
      const kongCard = card('Kong');
      await kongCard.locator('table[aria-label="Kong routes"]').waitFor();
      const kongText = await kongCard.innerText();
      expect(kongText).toContain('/api/driver');
      expect(kongText).toContain('rate-limiting');
      expect(kongText).toContain('prometheus');

      // HPA: min and max replicas.
      const hpa = card('Horizontal Pod Autoscaler');
      for (const label of ['Min replicas', 'Max replicas']) {
        const count = hpa.locator(`[role="group"][aria-label="${label}"]`);
        await count.first().waitFor();
        expect(await count.first().innerText()).toMatch(/\d/);
      }

      // Logs: Kibana Discover links for the window, and the error count from Elasticsearch.
      const logs = card('Logs');
      const subheader = await logs
        .getByText(/^Kibana Discover, /)
        .first()
        .innerText();
      const [from, to] = subheader.match(/\d{4}-\d\d-\d\dT[\d:.]+Z/g) ?? [];
      expect(from).toBeDefined();
      expect(to).toBeDefined();
      const podLinks = logs.getByRole('link', { name: /^driver-/ });
      await podLinks.first().waitFor();
      // The service's and pods' links filter on the namespace; Kong's access logs on its service.
      const links: Array<[Locator, string]> = [
        ...['All pods', 'Errors only'].map(
          name =>
            [
              logs.getByRole('link', { name, exact: true }),
              'kubernetes.namespace_name',
            ] as [Locator, string],
        ),
        [
          logs.getByRole('link', { name: 'Kong access logs', exact: true }),
          'service.name:driver.driver',
        ],
        ...(await podLinks.all()).map(
          link => [link, 'kubernetes.namespace_name'] as [Locator, string],
        ),
      ];
      expect(links.length).toBeGreaterThanOrEqual(4);
      for (const [link, filter] of links) {
        const href = (await link.getAttribute('href')) ?? '';
        expect(href.startsWith(KIBANA_DISCOVER)).toBe(true);
        const decoded = decodeURIComponent(href);
        expect(decoded).toContain(`time:(from:'${from}',to:'${to}')`);
        expect(decoded).toContain(filter);
      }
      const errorLine = logs
        .locator('[data-testid="logs-error-count"]')
        .or(logs.getByRole('alert'));
      await errorLine.first().waitFor();
      expect(await errorLine.first().innerText()).toMatch(
        /^\d+ error lines? in the last 15m|Elasticsearch/,
      );

      await page.screenshot({
        path: join(artifactsDir, 'driver-ops-tab-signals.png'),
        fullPage: true,
      });
      await screenshotOpsTabWidths();
    }));

  it('names Prometheus in the Golden signals card when it stops, other cards still render', () =>
    screenshotOnFailure(page, 'driver-ops-tab-prometheus-down', async () => {
      // Last test of the file: Prometheus stays down; afterAll stops the rest.
      await stack.prometheus.stop();
      await openDriverOpsTab();
      // The metrics backend caches answers briefly; a new window end asks Prometheus again.
      const message = await refreshUntil(
        'the Golden signals card to report Prometheus down',
        async () => {
          const signals = card('Golden signals');
          const text = await signals.innerText();
          const legends = await signals
            .locator('ul[aria-label$=" legend"]')
            .count();
          const failed =
            text.includes('could not be read from Prometheus') ||
            (!text.includes('Prometheus instance') &&
              text.includes('Prometheus'));
          return legends === 0 && failed ? text : undefined;
        },
      );
      expect(message).toMatch(/Prometheus/);
      await card('Kong').locator('table[aria-label="Kong routes"]').waitFor();
      await card('Horizontal Pod Autoscaler')
        .locator('[role="group"][aria-label="Min replicas"]')
        .first()
        .waitFor();
      await card('Logs').getByRole('link', { name: 'All pods' }).waitFor();
      await page.screenshot({
        path: join(artifactsDir, 'driver-ops-tab-prometheus-down.png'),
        fullPage: true,
      });
    }));
});
