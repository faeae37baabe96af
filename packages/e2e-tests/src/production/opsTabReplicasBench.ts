/**
 * Ops tab loads per second at 50 concurrent users through the round-robin proxy, with one and
 * with two replicas of the production backend (PostgreSQL, shared Redis cache, the sandbox and a
 * real Prometheus): `yarn workspace @internal/e2e-tests bench:replicas`. Prints figures, asserts
 * nothing. BENCH_USERS and BENCH_DURATION_S change the load.
 */
import { join } from 'node:path';
import { poll } from '../harness/poll';
import { repoRoot } from '../harness/stack';
import { ReplicaCluster, startReplicaCluster } from './replicaCluster';

const USERS = Number(process.env.BENCH_USERS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const ENTITY = encodeURIComponent('component:default/driver');
const print = (line = '') => process.stdout.write(`${line}\n`);

/** The Ops tab's backend calls for one load (range 1h, the window end on a 30 s step). */
function opsTabPaths(nowMs: number): string[] {
  const end = Math.floor(nowMs / 30_000) * 30;
  const to = new Date(end * 1000);
  const from = new Date(to.getTime() - 3600_000);
  return [
    `/api/metrics/golden-signals?entityRef=${ENTITY}&range=1h&end=${end}`,
    `/api/metrics/hpa-history?entityRef=${ENTITY}&range=1h&end=${end}`,
    `/api/kong/routes?entityRef=${ENTITY}`,
    `/api/logs/error-count?entityRef=${ENTITY}&from=${from.toISOString()}&to=${to.toISOString()}`,
  ];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function measure(
  cluster: ReplicaCluster,
  label: string,
  durationS: number,
) {
  const headers = { authorization: `Bearer ${cluster.token}` };
  const deadline = Date.now() + durationS * 1000;
  const durations: number[] = [];
  let failed = 0;
  const servedBefore = { ...cluster.proxy.served };
  const user = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const statuses = await Promise.all(
        opsTabPaths(Date.now()).map(path =>
          fetch(`${cluster.proxy.url}${path}`, { headers }).then(
            async res => {
              await res.arrayBuffer();
              return res.status;
            },
            () => 0,
          ),
        ),
      );
      if (statuses.every(s => s === 200))
        durations.push(performance.now() - started);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: USERS }, user));
  durations.sort((x, y) => x - y);
  const served = Object.entries(cluster.proxy.served)
    .map(([name, n]) => `${name}=${n - (servedBefore[name] ?? 0)}`)
    .join(' ');
  print(
    `${label}: ${(durations.length / durationS).toFixed(1)} Ops tab loads/s ` +
      `(${durations.length} loads, ${failed} failed) p50=${percentile(
        durations,
        50,
      ).toFixed(0)} ms ` +
      `p95=${percentile(durations, 95).toFixed(
        0,
      )} ms; requests served: ${served}`,
  );
}

async function main() {
  const cluster = await startReplicaCluster({
    count: 2,
    logDir: join(repoRoot, 'artifacts', 'production-replicas-bench'),
    databasePrefix: 'bench_',
  });
  try {
    print(
      `Ops tab: ${USERS} users, ${DURATION_S} s per run, one load = golden-signals + hpa-history + kong/routes + logs/error-count`,
    );
    const b = cluster.replica('b');
    await b.terminate();
    await poll('the proxy to drop b', async () =>
      cluster.proxy.isReady('b') ? undefined : true,
    );
    await measure(cluster, 'warm-up (1 replica)', 5);
    await measure(cluster, '1 replica ', DURATION_S);
    b.start();
    await b.waitReady();
    await poll('the proxy to route to b', async () =>
      cluster.proxy.isReady('b') ? true : undefined,
    );
    await measure(cluster, 'warm-up (2 replicas)', 5);
    await measure(cluster, '2 replicas', DURATION_S);
  } finally {
    await cluster.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
