/**
 * Ops tab backend benchmark: `yarn bench:ops-tab` in packages/benchmarks. Prints figures for
 * (1) the fan-out of one Ops tab load at 1, 10 and 50 concurrent users with each Kong source, the
 * backend's CPU time per load and a CPU profile summary, (2) Prometheus queries per
 * golden-signals load as the service grows from 1 to 50 routes, (3) a repeat load within the
 * metrics cache TTL against a cold one. Upstreams are local HTTP servers with injected latency,
 * in their own process; the backend runs in another. Nothing here asserts on timings.
 */
import { cpus, loadavg } from 'node:os';
import { BenchKongSource } from './backend';
import { cannonGoldenSignals } from './cacheRepeat';
import { Child, startChild } from './children';
import { ProfileEntry } from './cpuProfile';
import { goldenSignalsLoads, runOpsTabUsers } from './fanOut';
import { OpsEndpoint } from './paths';
import { ms, row, summarize } from './stats';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;

const USERS = env('BENCH_USERS', 50);
const DURATION_S = env('BENCH_DURATION_S', 20);
const CACHE_DURATION_S = env('BENCH_CACHE_DURATION_S', 10);
const BASELINE_DURATION_S = env('BENCH_BASELINE_DURATION_S', 5);
const PROFILE_DURATION_S = env('BENCH_PROFILE_DURATION_S', 5);
/** How long the backend's CPU time at rest is measured before each run. */
const IDLE_MS = 2000;
/** How long the backend is left alone before that. */
const SETTLE_MS = 1000;
const KONG_SOURCES: BenchKongSource[] = ['kubernetes', 'admin-api'];
const CACHE_TTL_S = 60;
/** Where the backend processes write V8 CPU profiles (`--cpu-prof`), when set. */
const PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
const LATENCY = {
  BENCH_PROM_MEAN_MS: env('BENCH_PROM_MEAN_MS', 80),
  BENCH_PROM_SD_MS: env('BENCH_PROM_SD_MS', 10),
  BENCH_KONG_MS: env('BENCH_KONG_MS', 40),
  BENCH_KUBE_MS: env('BENCH_KUBE_MS', 40),
  BENCH_ES_MS: env('BENCH_ES_MS', 60),
};

type Stats = Record<string, { served: number[]; requests: number }>;
const sleep = (msToWait: number) =>
  new Promise(resolve => setTimeout(resolve, msToWait));
const print = (line = '') => process.stdout.write(`${line}\n`);

async function backendLag(backend: Child): Promise<string> {
  const lag = await backend.call<{ p99: number; max: number }>('eventLoop');
  return `backend event-loop delay p99=${ms(lag.p99)} max=${ms(lag.max)} ms`;
}

/** What one fan-out run printed, for the summary table at the end. */
interface FanOutFigures {
  source: BenchKongSource;
  users: number;
  loadsPerS: number;
  ratio: number;
  cpuMsPerLoad: number;
  /** CPU per load above what the backend spends at rest. */
  netMsPerLoad: number;
  lagP99: number;
  /** Catalog requests served inside the backend per load (the ops plugins' entity lookups). */
  catalogPerLoad: number;
}

async function fanOut(
  ops: OpsEndpoint,
  backend: Child,
  upstreams: Child,
  run: {
    label: string;
    source: BenchKongSource;
    users: number;
    durationS: number;
    firstIndex: number;
  },
): Promise<FanOutFigures> {
  const { users, durationS } = run;
  print(
    `${run.label} Ops tab fan-out, Kong source ${run.source}: ${users} virtual user(s), ${durationS} s, caches off`,
  );
  await runOpsTabUsers(ops, {
    users: 5,
    durationMs: 2000,
    firstIndex: run.firstIndex + 500_000,
  }); // warm-up
  // The backend's CPU time at rest (timers, the event-loop monitor), to tell it from the loads'.
  await sleep(SETTLE_MS); // the garbage of the run before
  await backend.call('cpu');
  await sleep(IDLE_MS);
  const idle = await backend.call<{ ms: number }>('cpu');
  await upstreams.call('reset');
  await backendLag(backend);
  await backend.call('cpu');
  await backend.call('internalRequests');
  const result = await runOpsTabUsers(ops, {
    users,
    durationMs: durationS * 1000,
    firstIndex: run.firstIndex,
  });
  const cpu = await backend.call<{ ms: number }>('cpu');
  const internal = await backend.call<Record<string, number>>(
    'internalRequests',
  );
  const stats = await upstreams.call<Stats>('stats');
  const aggregate = summarize(result.aggregate);
  const lag = await backend.call<{ p99: number; max: number }>('eventLoop');
  const cpuMsPerLoad = cpu.ms / Math.max(1, result.loads);
  const idleMs = (idle.ms / IDLE_MS) * durationS * 1000;
  const netMsPerLoad = Math.max(0, cpu.ms - idleMs) / Math.max(1, result.loads);
  print(
    `  loads: ${result.loads} (${(result.loads / durationS).toFixed(
      1,
    )}/s), failed loads: ${
      result.failedLoads
    }; backend event-loop delay p99=${ms(lag.p99)} max=${ms(lag.max)} ms`,
  );
  print(
    `  backend CPU: ${ms(cpu.ms)} ms over the run = ${ms(
      cpuMsPerLoad,
    )} ms per load; at rest ${ms(idle.ms / (IDLE_MS / 1000))} ms/s, ${ms(
      netMsPerLoad,
    )} ms per load above it`,
  );
  const perLoad = (n: number) => (n / Math.max(1, result.loads)).toFixed(2);
  print(
    `  inside the backend, per load: catalog ${perLoad(
      internal.catalog,
    )} req, permission ${perLoad(internal.permission)} req, auth ${perLoad(
      internal.auth,
    )} req`,
  );
  result.failures.forEach(f => print(`  failure: ${f}`));
  print(row('ops-tab load (all calls answered)', aggregate));
  for (const [name, values] of Object.entries(result.perCall))
    print(row(`  ${name}`, summarize(values)));
  print('  upstreams, as served:');
  let slowest = { name: '', p95: 0 };
  let sumP95 = 0;
  for (const [name, { served, requests }] of Object.entries(stats)) {
    if (requests === 0) continue;
    const s = summarize(served);
    print(
      `${row(`  ${name}`, s)}  ${(requests / result.loads).toFixed(
        2,
      )} req/load`,
    );
    sumP95 += s.p95;
    if (s.p95 > slowest.p95) slowest = { name, p95: s.p95 };
  }
  const ratio = aggregate.p95 / slowest.p95;
  print(
    `  slowest upstream p95: ${ms(slowest.p95)} ms (${
      slowest.name
    }); sum of upstream p95s: ${ms(sumP95)} ms`,
  );
  print(
    `  RATIO aggregate p95 / slowest upstream p95 = ${ratio.toFixed(2)}` +
      `  (1.00 = all in parallel; one request per upstream in series would be ${(
        sumP95 / slowest.p95
      ).toFixed(2)})`,
  );
  return {
    source: run.source,
    users,
    loadsPerS: result.loads / durationS,
    ratio,
    cpuMsPerLoad,
    netMsPerLoad,
    lagP99: lag.p99,
    catalogPerLoad: internal.catalog / Math.max(1, result.loads),
  };
}

/** A profiled run: the backend's top self-time functions while `users` load the Ops tab. */
async function profile(
  ops: OpsEndpoint,
  backend: Child,
  run: { source: BenchKongSource; users: number; firstIndex: number },
) {
  print(
    `  CPU profile, Kong source ${run.source}, ${run.users} users, ${PROFILE_DURATION_S} s: top self time (idle excluded)`,
  );
  await backend.call('profileStart');
  await runOpsTabUsers(ops, {
    users: run.users,
    durationMs: PROFILE_DURATION_S * 1000,
    firstIndex: run.firstIndex,
  });
  const top = await backend.call<ProfileEntry[]>('profileStop', { top: 10 });
  for (const entry of top) {
    print(
      `    ${entry.percent.toFixed(1).padStart(5)} %  ${ms(
        entry.selfMs,
      ).padStart(8)} ms  ${entry.name}`,
    );
  }
}

function printSummary(figures: FanOutFigures[]) {
  print();
  print(
    'Summary (caches off): Kong source, users, loads/s, RATIO, backend CPU ms per load (all; above rest), event-loop p99, catalog requests per load',
  );
  for (const f of figures) {
    print(
      `  ${f.source.padEnd(10)} users=${String(f.users).padStart(
        2,
      )}  loads/s=${f.loadsPerS
        .toFixed(1)
        .padStart(6)}  ratio=${f.ratio.toFixed(2)}  cpu/load=${ms(
        f.cpuMsPerLoad,
      ).padStart(6)} ms (${ms(f.netMsPerLoad).padStart(
        5,
      )} ms above rest)  lag p99=${ms(
        f.lagP99,
      )} ms  catalog req/load=${f.catalogPerLoad.toFixed(2)}`,
    );
  }
}

async function queriesPerRoute(ops: OpsEndpoint, upstreams: Child) {
  print();
  print(
    '(2) Prometheus queries per golden-signals load as the service grows (cache off, 5 loads each)',
  );
  let index = 20_000_000;
  for (const routes of [1, 5, 10, 50]) {
    await upstreams.call('routes', { n: routes });
    await upstreams.call('reset');
    const loads = 5;
    const { kongSeries, bytes } = await goldenSignalsLoads(ops, {
      loads,
      firstIndex: index,
    });
    index += loads;
    const { prometheus } = await upstreams.call<Stats>('stats');
    print(
      `  routes=${String(routes).padStart(2)}  queries/load=${(
        prometheus.requests / loads
      ).toFixed(1)}` +
        `  route series in the requests panel=${kongSeries}  answer=${(
          bytes / 1024
        ).toFixed(1)} KiB`,
    );
  }
  await upstreams.call('routes', { n: 1 });
}

async function cacheRepeat(
  ops: OpsEndpoint,
  backend: Child,
  upstreams: Child,
  run: {
    label: string;
    connections: number;
    durationS: number;
    firstIndex: number;
  },
) {
  const { connections, durationS, firstIndex } = run;
  print();
  print(
    `${run.label} golden-signals, autocannon ${connections} connection(s) x ${durationS} s, cache TTL ${CACHE_TTL_S} s`,
  );
  await upstreams.call('reset');
  await backendLag(backend);
  const cold = await cannonGoldenSignals(ops, {
    connections,
    durationS,
    cold: true,
    firstIndex,
  });
  const coldQueries = (await upstreams.call<Stats>('stats')).prometheus
    .requests;
  const coldLag = await backendLag(backend);
  const warmEnd = Math.floor(Date.now() / 1000) - 30 * (firstIndex + 900_000);
  await cannonGoldenSignals(ops, {
    connections: 1,
    durationS: 1,
    cold: false,
    firstIndex: 0,
    warmEnd,
  });
  await upstreams.call('reset');
  await backendLag(backend);
  const warm = await cannonGoldenSignals(ops, {
    connections,
    durationS,
    cold: false,
    firstIndex: 0,
    warmEnd,
  });
  const warmQueries = (await upstreams.call<Stats>('stats')).prometheus
    .requests;
  const warmLag = await backendLag(backend);
  const cs = summarize(cold.latencies);
  const ws = summarize(warm.latencies);
  print(
    `${row('first (cold) load, new window each', cs)}  non-2xx=${
      cold.non2xx
    } errors=${cold.errors}`,
  );
  print(
    `    prometheus queries=${coldQueries} (${(
      coldQueries / Math.max(1, cold.requests)
    ).toFixed(1)}/load); ${coldLag}`,
  );
  print(
    `${row('repeat load within TTL', ws)}  non-2xx=${warm.non2xx} errors=${
      warm.errors
    }`,
  );
  print(`    prometheus queries=${warmQueries}; ${warmLag}`);
  print(
    `  RATIO repeat p95 / cold p95 = ${(ws.p95 / cs.p95).toFixed(
      3,
    )}  (cold p95 ${ms(cs.p95)} ms, repeat p95 ${ms(ws.p95)} ms)`,
  );
}

async function main() {
  const children: Child[] = [];
  try {
    print(
      `Ops tab backend benchmark, node ${
        process.version
      }, ${new Date().toISOString()}, ${
        cpus().length
      } CPUs, load average ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
    print(
      `upstreams: prometheus N(${LATENCY.BENCH_PROM_MEAN_MS} ms, sd ${LATENCY.BENCH_PROM_SD_MS} ms), kong admin api ${LATENCY.BENCH_KONG_MS} ms, kubernetes api ${LATENCY.BENCH_KUBE_MS} ms, elasticsearch ${LATENCY.BENCH_ES_MS} ms (127.0.0.1, own process)`,
    );
    print();
    const upstreams = await startChild(
      'upstreamsProcess.ts',
      Object.fromEntries(
        Object.entries(LATENCY).map(([k, v]) => [k, String(v)]),
      ),
    );
    children.push(upstreams);
    const { prometheusUrl, kongAdminUrl, kubeApiUrl, elasticsearchUrl } =
      upstreams.ready;
    const backendWith = async (
      cacheTtlSeconds: number,
      kongSource: BenchKongSource,
    ) => {
      const child = await startChild(
        'backendProcess.ts',
        {
          BENCH_BACKEND: JSON.stringify({
            prometheusUrl,
            kongAdminUrl,
            kubeApiUrl,
            elasticsearchUrl,
            cacheTtlSeconds,
            kongSource,
            kongCacheTtlSeconds: cacheTtlSeconds,
          }),
        },
        PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
      );
      children.push(child);
      return { child, ops: child.ready as unknown as OpsEndpoint };
    };
    const figures: FanOutFigures[] = [];
    let uncached: Awaited<ReturnType<typeof backendWith>> | undefined;
    let firstIndex = 0;
    for (const source of KONG_SOURCES) {
      await uncached?.child.stop();
      uncached = await backendWith(0, source);
      for (const users of [USERS, 10, 1]) {
        figures.push(
          await fanOut(uncached.ops, uncached.child, upstreams, {
            label: '(1)',
            source,
            users,
            durationS: users === 1 ? BASELINE_DURATION_S : DURATION_S,
            firstIndex,
          }),
        );
        firstIndex += 1_000_000;
        print();
      }
      await profile(uncached.ops, uncached.child, {
        source,
        users: USERS,
        firstIndex,
      });
      firstIndex += 1_000_000;
      print();
    }
    printSummary(figures);
    if (!uncached) return;
    await queriesPerRoute(uncached.ops, upstreams);
    await uncached.child.stop();
    const cached = await backendWith(CACHE_TTL_S, 'admin-api');
    await cacheRepeat(cached.ops, cached.child, upstreams, {
      label: '(3)',
      connections: USERS,
      durationS: CACHE_DURATION_S,
      firstIndex: 3_000_000,
    });
    await cacheRepeat(cached.ops, cached.child, upstreams, {
      label: '(3b) baseline,',
      connections: 1,
      durationS: BASELINE_DURATION_S,
      firstIndex: 6_000_000,
    });
    print();
    print(
      `load average at the end: ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
