import autocannon from 'autocannon';
import { coldEnd, OpsEndpoint, opsTabPaths } from './paths';

/** Latencies (ms) and status counts of one autocannon run. */
export interface CannonResult {
  latencies: number[];
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon against the golden-signals endpoint, `connections` connections for `durationS`.
 * `cold`: every request asks for a window never asked before (a cache miss: 2 Prometheus
 * queries). Otherwise every request repeats the window `warmEnd`, loaded once beforehand, so all
 * answers come from the cache within its TTL.
 */
export async function cannonGoldenSignals(
  ops: OpsEndpoint,
  options: {
    connections: number;
    durationS: number;
    cold: boolean;
    firstIndex: number;
    warmEnd?: number;
  },
): Promise<CannonResult> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  let next = options.firstIndex;
  const pathFor = () =>
    opsTabPaths(options.cold ? coldEnd(next++, nowSeconds) : options.warmEnd!)[
      'metrics/golden-signals'
    ];
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: ops.baseUrl,
        connections: options.connections,
        duration: options.durationS,
        headers: { authorization: ops.authorization },
        requests: [
          {
            method: 'GET',
            setupRequest: request => ({ ...request, path: pathFor() }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, time) => {
      latencies.push(time);
    });
  });
  return {
    latencies,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
