/* eslint-disable no-console */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, signInPageAsGuest } from '../../harness/browser';
import { backendUrl, repoRoot, startStack, Stack } from '../../harness/stack';
import { median, percentile } from '../stats';
import { EntryBundle, measureEntryBundle } from './entryBundle';
import { formatTimeline, recordRequests } from './requestTimeline';
import { profileRenderer } from './rendererProfile';
import { stockAppDist, STOCK_CREATE_APP_VERSION } from './stockApp';
import {
  allCardsPainted,
  cardPaintTimes,
  CardPaintTimes,
  recordCardPaints,
  settledCardCount,
  TabUnderTest,
} from './tabPaint';

/**
 * Frontend benchmark: `yarn workspace @internal/e2e-tests bench:frontend [--samples 7]`.
 * Prints (1) the entry bundle (the scripts and style sheets index.html loads, raw and gzip) of
 * this app's production build and of a stock `@backstage/create-app` app of the same Backstage
 * line (created, installed and built once, cached in .cache/benchmarks), (2) the time from
 * navigation to every card of a tab painted with its data, in Chromium, for the entity Overview
 * tab and the Ops tab of `driver`, on the production build served by the backend against the
 * local platform. Asserts nothing.
 */

const ENTITY_PATH = '/catalog/default/component/driver';
const TABS: TabUnderTest[] = [
  { name: 'Overview', path: ENTITY_PATH },
  { name: 'Ops', path: `${ENTITY_PATH}/ops` },
];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function printBundle(label: string, bundle: EntryBundle) {
  console.log(
    `  ${label.padEnd(34)} ${String(bundle.files.length).padStart(
      2,
    )} files  raw ${kib(bundle.bytes).padStart(11)}  gzip ${kib(
      bundle.gzipBytes,
    ).padStart(10)}`,
  );
}

/** This app's production build, built first when it is not there. */
function appDist(): string {
  const dist = join(repoRoot, 'packages', 'app', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    console.log('building the app (yarn workspace app build)');
    const built = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('yarn workspace app build failed');
  }
  return dist;
}

/**
 * One sample: a fresh browser context signed in as guest, then a full navigation to the tab; the
 * time until every card is painted, and when each card was.
 */
async function paintSample(
  browser: Browser,
  tab: TabUnderTest,
  expectedCards: number,
): Promise<{ all: number; cards: CardPaintTimes }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  try {
    const page = await context.newPage();
    await signInPageAsGuest(page);
    await recordCardPaints(page);
    await page.goto(`${backendUrl}${tab.path}`, { waitUntil: 'commit' });
    const all = await allCardsPainted(page, expectedCards);
    return { all, cards: await cardPaintTimes(page) };
  } finally {
    await context.close();
  }
}

/** One more sample of a tab with the timeline of its requests (what the last card waited for). */
async function traceSample(
  browser: Browser,
  tab: TabUnderTest,
  expectedCards: number,
): Promise<{ all: number; lines: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  try {
    const page = await context.newPage();
    await signInPageAsGuest(page);
    const requests = recordRequests(page);
    const profiler = await profileRenderer(page);
    await page.goto(`${backendUrl}${tab.path}`, { waitUntil: 'commit' });
    const all = await allCardsPainted(page, expectedCards);
    const profile = await profiler.stop(12);
    await page.waitForLoadState('networkidle');
    const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
    return {
      all,
      lines: [
        ...formatTimeline(await requests.timeline(), {
          staticFiles: process.argv.includes('--static-files'),
        }),
        `renderer main thread until every card painted: ${profile.busyMs.toFixed(
          0,
        )} ms busy of ${profile.totalMs.toFixed(0)} ms; self time by script:`,
        ...profile.files.map(f => `  ${ms(f.selfMs)}  ${f.what}`),
        'the functions with the most self time:',
        ...profile.functions.map(f => `  ${ms(f.selfMs)}  ${f.what}`),
      ],
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const samples = option('--samples', 7);
  console.log(
    `Frontend benchmark, node ${
      process.version
    }, ${new Date().toISOString()}, ${
      cpus().length
    } CPUs, load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );

  console.log(
    '\n(1) entry bundle: what index.html loads before anything renders',
  );
  const ours = await measureEntryBundle(appDist());
  const cacheDir = join(repoRoot, '.cache', 'benchmarks');
  mkdirSync(cacheDir, { recursive: true });
  const stock = await measureEntryBundle(
    stockAppDist(cacheDir, line => console.log(`  ${line}`)),
  );
  printBundle('this app (packages/app/dist)', ours);
  printBundle(`stock create-app ${STOCK_CREATE_APP_VERSION}`, stock);
  console.log(
    `  RATIO this app / stock app (gzip) = ${(
      ours.gzipBytes / stock.gzipBytes
    ).toFixed(3)}  (goal ≤ 1.15)`,
  );

  console.log(
    `\n(2) navigation → every card painted with data, Chromium 1440×1000, ${samples} samples per tab (new context each, signed in, then a full load of the tab)`,
  );
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  try {
    stack = await startStack();
    browser = await launchChromium();
    const figures: Record<string, number[]> = {};
    const perCard: Record<string, Record<string, number[]>> = {};
    const counts: Record<string, number> = {};
    for (const tab of TABS) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
      });
      const page = await context.newPage();
      await signInPageAsGuest(page);
      counts[tab.name] = await settledCardCount(page, tab, backendUrl);
      await context.close();
      figures[tab.name] = [];
      perCard[tab.name] = {};
      console.log(`  ${tab.name}: ${counts[tab.name]} cards once settled`);
    }
    for (let i = 0; i < samples; i++) {
      // Alternate the tabs so that both see the same machine.
      for (const tab of TABS) {
        const sample = await paintSample(browser, tab, counts[tab.name]);
        figures[tab.name].push(sample.all);
        for (const [title, ms] of Object.entries(sample.cards)) {
          (perCard[tab.name][title] ??= []).push(ms);
        }
      }
    }
    for (const tab of TABS) {
      const sorted = [...figures[tab.name]].sort((a, b) => a - b);
      console.log(
        `  ${tab.name.padEnd(9)} n=${sorted.length}  p50=${median(
          sorted,
        ).toFixed(0)} ms  p95=${percentile(sorted, 95).toFixed(
          0,
        )} ms  min=${sorted[0].toFixed(0)} ms  max=${sorted[
          sorted.length - 1
        ].toFixed(0)} ms`,
      );
    }
    for (const tab of TABS) {
      console.log(
        `  ${tab.name}, each card painted (p50 ms since navigation):`,
      );
      const cards = Object.entries(perCard[tab.name])
        .map(([title, values]) => ({
          title,
          p50: median([...values].sort((a, b) => a - b)),
        }))
        .sort((a, b) => a.p50 - b.p50);
      for (const { title, p50 } of cards) {
        console.log(`    ${p50.toFixed(0).padStart(6)}  ${title}`);
      }
    }
    const traced = await traceSample(browser, TABS[1], counts.Ops);
    console.log(
      `  Ops, the requests of one more load (painted at ${traced.all.toFixed(
        0,
      )} ms):`,
    );
    for (const line of traced.lines) console.log(`    ${line}`);
    const ops = median([...figures.Ops].sort((a, b) => a - b));
    const overview = median([...figures.Overview].sort((a, b) => a - b));
    console.log(
      `  RATIO Ops / Overview (p50) = ${(ops / overview).toFixed(
        2,
      )}  (goal ≤ 1.20)`,
    );
  } finally {
    await browser?.close();
    await stack?.stop();
  }
  console.log(
    `\nload average at the end: ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
