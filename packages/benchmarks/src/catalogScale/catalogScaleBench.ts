/**
 * Catalog and search at scale: `yarn bench:catalog-scale` in packages/benchmarks (runs itself
 * inside scripts/with-postgres.sh). Generates a catalog of 10,000 components, their 200 owner
 * groups and two systems, lets a backend on a throwaway PostgreSQL ingest and index it, then
 * measures the search page's keystrokes and the catalog index page's first load with
 * concurrent virtual users. Prints p50/p95/p99 and the goals; asserts nothing on timings.
 */
import fs from 'node:fs';
import os, { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Child, startChild } from '../children';
import { ms, row, summarize } from '../stats';
import { explainSearch } from './explain';
import {
  BENCH_USER,
  CatalogShape,
  catalogFile,
  componentsOwnedBy,
  generateCatalog,
  groupName,
} from './entities';
import {
  catalogIndexLoad,
  searchKeystroke,
  TABLE_REQUESTS,
  typedTerms,
} from './pages';
import { goalVerdict } from './goals';
import { PageLoadResult, runPageLoads } from './users';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;

const SHAPE: CatalogShape = {
  components: env('BENCH_COMPONENTS', 10_000),
  groups: env('BENCH_GROUPS', 200),
  systems: 2,
};
const USERS = env('BENCH_USERS', 10);
const DURATION_S = env('BENCH_DURATION_S', 15);
const BASELINE_DURATION_S = env('BENCH_BASELINE_DURATION_S', 5);
const READY_TIMEOUT_S = env('BENCH_READY_TIMEOUT_S', 1200);
const SEARCH_GOAL_MS = 100;
const CATALOG_GOAL_MS = 300;
/** What the virtual users type into the search bar, one prefix per keystroke. */
const TYPED = ['payments', 'inventory', 'ledger worker', 'kotlin', 'team-01'];

const print = (line = '') => process.stdout.write(`${line}\n`);

async function getJson(
  baseUrl: string,
  urlPath: string,
  token?: string,
  init: RequestInit = {},
): Promise<any> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    ...init,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${urlPath}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Polls `probe` every second until it answers true; prints `progress()` every 15 s. */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  progress: () => string,
): Promise<number> {
  const started = performance.now();
  let lastPrint = started;
  for (;;) {
    if (await probe().catch(() => false))
      return (performance.now() - started) / 1000;
    if (performance.now() - started > READY_TIMEOUT_S * 1000)
      throw new Error(`timed out waiting for ${what} (${progress()})`);
    if (performance.now() - lastPrint > 15_000) {
      lastPrint = performance.now();
      print(
        `    … ${what}: ${progress()} after ${(
          (lastPrint - started) /
          1000
        ).toFixed(0)} s`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function backendLag(backend: Child): Promise<string> {
  const lag = await backend.call<{ p99: number; max: number }>('eventLoop');
  return `backend event-loop delay p99=${ms(lag.p99)} max=${ms(lag.max)} ms`;
}

function printResult(
  label: string,
  durationS: number,
  result: PageLoadResult,
  goalLabel: string,
  goalMs: number,
  lag: string,
) {
  print(
    `  loads: ${result.loads} (${(result.loads / durationS).toFixed(
      1,
    )}/s), failed loads: ${result.failedLoads}; ${lag}`,
  );
  result.failures.forEach(f => print(`  failure: ${f}`));
  const goal = summarize(result.goal);
  print(row(goalLabel, goal));
  print(row(`${label} (all requests answered)`, summarize(result.aggregate)));
  for (const [name, values] of Object.entries(result.perRequest))
    print(row(`  ${name}`, summarize(values)));
  const verdict = goalVerdict(goal.p95, goalMs);
  print(
    `  GOAL ${goalLabel} p95 ≤ ${goalMs} ms: p95=${ms(goal.p95)} ms ${verdict}`,
  );
  return { p95: goal.p95, verdict };
}

async function main() {
  print(
    `catalog-scale benchmark: ${cpus().length} CPUs (${
      cpus()[0]?.model ?? '?'
    }), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );
  const entities = generateCatalog(SHAPE);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-catalog-scale-'));
  const file = path.join(scratch, 'catalog-info.yaml');
  fs.writeFileSync(file, catalogFile(entities));
  print(
    `catalog: ${SHAPE.components} components, ${SHAPE.groups} groups, ${
      SHAPE.systems
    } systems, 1 user (${entities.length} entities, one file location of ${(
      fs.statSync(file).size /
      2 ** 20
    ).toFixed(1)} MiB)`,
  );

  const backend = await startChild('catalogScale/backendProcess.ts', {
    BENCH_CATALOG_FILE: file,
  });
  const results: Array<{ what: string; p95: number; verdict: string }> = [];
  try {
    const baseUrl: string = backend.ready.baseUrl;
    const ownGroup = `group:default/${groupName(0, SHAPE.groups)}`;
    let token = '';
    let ownershipRefs: string[] = [];
    let counts = { all: 0, owned: 0 };
    const expectedOwned = componentsOwnedBy(0, SHAPE);

    print('setup:');
    const ingested = await waitFor(
      'catalog processing',
      async () => {
        if (!token || ownershipRefs.length < 2) {
          const guest = await getJson(baseUrl, '/api/auth/guest/refresh');
          token = guest.backstageIdentity.token;
          ownershipRefs =
            guest.backstageIdentity.identity.ownershipEntityRefs ?? [];
        }
        const load = catalogIndexLoad('owned', ownershipRefs);
        const [all, owned] = await Promise.all([
          getJson(baseUrl, load['count all'], token),
          getJson(baseUrl, load['count owned'], token),
        ]);
        counts = { all: all.totalItems, owned: owned.totalItems };
        return (
          ownershipRefs.includes(ownGroup) &&
          counts.all === SHAPE.components &&
          counts.owned === expectedOwned
        );
      },
      () =>
        `${counts.all}/${SHAPE.components} components, ${counts.owned}/${expectedOwned} owned by ${BENCH_USER}'s group`,
    );
    print(
      `  catalog processed and stitched in ${ingested.toFixed(
        0,
      )} s; ${BENCH_USER} owns through ${ownershipRefs.join(', ')}`,
    );

    const tasks = await getJson(
      baseUrl,
      '/api/search/.backstage/scheduler/v1/tasks',
      token,
    );
    const collator = tasks.tasks.find((t: { taskId: string }) =>
      t.taskId.includes('software_catalog'),
    );
    if (!collator)
      throw new Error(`no catalog collator task in ${JSON.stringify(tasks)}`);
    // 409 while a scheduled run is still going: then trigger once it ended
    await waitFor(
      'the collator to accept a trigger',
      async () => {
        await getJson(
          baseUrl,
          `/api/search/.backstage/scheduler/v1/tasks/${encodeURIComponent(
            collator.taskId,
          )}/trigger`,
          token,
          { method: 'POST' },
        );
        return true;
      },
      () => 'running',
    );
    let indexed = 0;
    const indexing = await waitFor(
      'search index',
      async () => {
        const answer = await getJson(
          baseUrl,
          '/api/search/query?types%5B0%5D=software-catalog&pageLimit=0',
          token,
        );
        indexed = answer.numberOfResults;
        return indexed >= entities.length;
      },
      () => `${indexed}/${entities.length} documents`,
    );
    print(
      `  search index (task ${collator.taskId}) built in ${indexing.toFixed(
        0,
      )} s: ${indexed} documents`,
    );

    const terms = TYPED.flatMap(text => typedTerms(text));
    print(
      `search terms, one per keystroke, cycled: ${terms
        .map(t => JSON.stringify(t))
        .join(' ')}`,
    );
    const searchLoad = (i: number) => searchKeystroke(terms[i % terms.length]);

    // warm-up: every term once, and a few catalog loads
    await runPageLoads({
      baseUrl,
      token,
      users: 2,
      durationMs: 3000,
      loadAt: searchLoad,
      goal: ['search results'],
    });
    await runPageLoads({
      baseUrl,
      token,
      users: 2,
      durationMs: 2000,
      loadAt: () => catalogIndexLoad('owned', ownershipRefs),
      goal: TABLE_REQUESTS,
    });

    const phases: Array<{
      label: string;
      what: string;
      users: number;
      durationS: number;
      loadAt: (i: number) => Record<string, string>;
      goal: string[];
      goalLabel: string;
      goalMs: number;
    }> = [];
    const ownedLoad = catalogIndexLoad('owned', ownershipRefs);
    const allLoad = catalogIndexLoad('all', ownershipRefs);
    for (const users of [1, USERS]) {
      const durationS = users === 1 ? BASELINE_DURATION_S : DURATION_S;
      phases.push(
        {
          label: 'search keystroke',
          what: `search, ${users} user(s)`,
          users,
          durationS,
          loadAt: searchLoad,
          goal: ['search results'],
          goalLabel: 'search results',
          goalMs: SEARCH_GOAL_MS,
        },
        {
          label: 'catalog page load',
          what: `catalog "Owned", ${users} user(s)`,
          users,
          durationS,
          loadAt: () => ownedLoad,
          goal: TABLE_REQUESTS,
          goalLabel: 'table first page + total',
          goalMs: CATALOG_GOAL_MS,
        },
        {
          label: 'catalog page load',
          what: `catalog "All", ${users} user(s)`,
          users,
          durationS,
          loadAt: () => allLoad,
          goal: TABLE_REQUESTS,
          goalLabel: 'table first page + total',
          goalMs: CATALOG_GOAL_MS,
        },
      );
    }
    for (const phase of phases) {
      print();
      print(
        `${phase.what}: ${phase.durationS} s, each user loading again as soon as the previous load answered`,
      );
      await backendLag(backend);
      const result = await runPageLoads({
        baseUrl,
        token,
        users: phase.users,
        durationMs: phase.durationS * 1000,
        loadAt: phase.loadAt,
        goal: phase.goal,
      });
      const { p95, verdict } = printResult(
        phase.label,
        phase.durationS,
        result,
        phase.goalLabel,
        phase.goalMs,
        await backendLag(backend),
      );
      results.push({ what: `${phase.what}: ${phase.goalLabel}`, p95, verdict });
    }

    if (process.env.BENCH_EXPLAIN) {
      print();
      print(await explainSearch(terms[1]));
    }
  } finally {
    await backend.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  print();
  print(
    'summary (p95, goal: search results ≤ 100 ms, catalog table ≤ 300 ms):',
  );
  for (const r of results)
    print(`  ${r.what.padEnd(58)} ${ms(r.p95).padStart(8)} ms  ${r.verdict}`);
  print(
    `load average at the end: ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
