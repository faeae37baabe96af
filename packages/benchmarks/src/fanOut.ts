import { performance } from 'node:perf_hooks';
import { recordLoadFailures } from './loadFailures';
import { coldEnd, OpsEndpoint, opsTabPaths } from './paths';

/** What one run of virtual users measured. */
export interface FanOutResult {
  loads: number;
  failedLoads: number;
  /** Time until all of a load's calls answered, per load (ms). */
  aggregate: number[];
  /** Latency of each backend call, by call name (ms). */
  perCall: Record<string, number[]>;
  /** The first failures seen, for the printout. */
  failures: string[];
}

/**
 * `users` virtual users, each loading the Ops tab's backend calls in parallel and starting its
 * next load when all calls of the previous one answered, for `durationMs`. Every load asks for a
 * window no earlier load asked for, so the metrics cache and in-flight sharing never spare a
 * Prometheus query: each load fans out to every upstream.
 */
export async function runOpsTabUsers(
  ops: OpsEndpoint,
  options: { users: number; durationMs: number; firstIndex: number },
): Promise<FanOutResult> {
  const result: FanOutResult = {
    loads: 0,
    failedLoads: 0,
    aggregate: [],
    perCall: {},
    failures: [],
  };
  const nowSeconds = Math.floor(Date.now() / 1000);
  let next = options.firstIndex;
  const deadline = performance.now() + options.durationMs;

  const call = async (name: string, path: string) => {
    const started = performance.now();
    const response = await fetch(`${ops.baseUrl}${path}`, {
      headers: { authorization: ops.authorization },
    });
    const body = await response.text();
    const elapsed = performance.now() - started;
    (result.perCall[name] ??= []).push(elapsed);
    if (!response.ok)
      throw new Error(`${name}: ${response.status} ${body.slice(0, 200)}`);
  };

  const user = async () => {
    while (performance.now() < deadline) {
      const paths = opsTabPaths(coldEnd(next++, nowSeconds));
      const started = performance.now();
      const settled = await Promise.allSettled(
        Object.entries(paths).map(([name, path]) => call(name, path)),
      );
      result.aggregate.push(performance.now() - started);
      result.loads += 1;
      recordLoadFailures(result, settled);
    }
  };

  await Promise.all(Array.from({ length: options.users }, () => user()));
  return result;
}

/** Golden-signals loads one after another, for counting Prometheus queries per load. */
export async function goldenSignalsLoads(
  ops: OpsEndpoint,
  options: { loads: number; firstIndex: number },
): Promise<{ kongSeries: number; bytes: number }> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  let kongSeries = 0;
  let bytes = 0;
  for (let i = 0; i < options.loads; i++) {
    const path = opsTabPaths(coldEnd(options.firstIndex + i, nowSeconds))[
      'metrics/golden-signals'
    ];
    const response = await fetch(`${ops.baseUrl}${path}`, {
      headers: { authorization: ops.authorization },
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(
        `golden-signals: ${response.status} ${text.slice(0, 200)}`,
      );
    bytes = text.length;
    const body = JSON.parse(text);
    const kong = body.groups.find((g: any) => g.id === 'kong-routes');
    kongSeries =
      kong?.panels.find((p: any) => p.id === 'requests')?.series.length ?? 0;
  }
  return { kongSeries, bytes };
}
