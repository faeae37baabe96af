import { performance } from 'node:perf_hooks';
import { recordLoadFailures } from '../loadFailures';
import { PageRequests } from './pages';

/** What one run of virtual users measured. */
export interface PageLoadResult {
  loads: number;
  failedLoads: number;
  /** Time until every request of a load answered, per load (ms). */
  aggregate: number[];
  /** Time until the `goal` requests of a load answered, per load (ms). */
  goal: number[];
  /** Latency of each request, by request name (ms). */
  perRequest: Record<string, number[]>;
  /** The first failures seen, for the printout. */
  failures: string[];
}

/**
 * `users` virtual users, each sending the requests of `loadAt(i)` in parallel (i counts the
 * loads of all users) and starting the next load when every request of the previous one
 * answered, for `durationMs`, with the signed-in user's token.
 */
export async function runPageLoads(options: {
  baseUrl: string;
  token: string;
  users: number;
  durationMs: number;
  loadAt: (index: number) => PageRequests;
  goal: string[];
}): Promise<PageLoadResult> {
  const result: PageLoadResult = {
    loads: 0,
    failedLoads: 0,
    aggregate: [],
    goal: [],
    perRequest: {},
    failures: [],
  };
  const deadline = performance.now() + options.durationMs;
  let next = 0;

  const request = async (name: string, path: string) => {
    const started = performance.now();
    const response = await fetch(`${options.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${options.token}` },
    });
    const body = await response.text();
    const elapsed = performance.now() - started;
    (result.perRequest[name] ??= []).push(elapsed);
    if (!response.ok)
      throw new Error(`${name}: ${response.status} ${body.slice(0, 200)}`);
    return elapsed;
  };

  const user = async () => {
    while (performance.now() < deadline) {
      const requests = options.loadAt(next++);
      const started = performance.now();
      const settled = await Promise.allSettled(
        Object.entries(requests).map(([name, path]) => request(name, path)),
      );
      result.aggregate.push(performance.now() - started);
      result.loads += 1;
      const names = Object.keys(requests);
      const goalTimes = settled.flatMap((s, i) =>
        s.status === 'fulfilled' && options.goal.includes(names[i])
          ? [s.value]
          : [],
      );
      if (!recordLoadFailures(result, settled)) {
        result.goal.push(Math.max(...goalTimes));
      }
    }
  };

  await Promise.all(Array.from({ length: options.users }, () => user()));
  return result;
}
