import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { performance } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import { normalDelay } from './stats';
import { kongAdminAnswer } from './kongAdminFixtures';
import { kubeAnswer } from './kubeFixtures';

/**
 * A local HTTP upstream with injected latency. Every request waits `delayMs()` before it is
 * answered; `served` holds each request's time as served (request received → response written),
 * `requests` how many arrived since the last `reset()`.
 */
export interface FakeUpstream {
  readonly name: string;
  readonly url: string;
  served: number[];
  requests: number;
  reset(): void;
  close(): Promise<void>;
}

type Answer = (
  req: IncomingMessage,
  body: string,
) => { status: number; json: unknown };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function startUpstream(
  name: string,
  delayMs: () => number,
  answer: Answer,
): Promise<FakeUpstream> {
  const upstream = {
    name,
    url: '',
    served: [] as number[],
    requests: 0,
    reset() {
      this.served = [];
      this.requests = 0;
    },
    close: async () => {},
  };
  const server: Server = createServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      upstream.requests += 1;
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', async () => {
        await sleep(delayMs());
        const { status, json } = answer(req, Buffer.concat(chunks).toString());
        res.on('finish', () =>
          upstream.served.push(performance.now() - started),
        );
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      });
    },
  );
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

/** The Prometheus stand-in; `routes` is how many Kong routes its data has (one series each). */
export interface FakePrometheus extends FakeUpstream {
  routes: number;
}

function flat(
  metric: Record<string, string>,
  params: URLSearchParams,
  value: string,
) {
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const step = Number(params.get('step'));
  const values: Array<[number, string]> = [];
  for (let t = start; t <= end; t += step) values.push([t, value]);
  return { metric, values };
}

/**
 * Prometheus' HTTP API (`/api/v1/query_range`, `/api/v1/query`, form-encoded POST as the metrics
 * backend sends it): one flat series per route for Kong queries, per version for Istio queries
 * (per panel, tagged, for the query of a card group's panels), the HPA's series for
 * kube-state-metrics; answered after N(meanMs, sdMs).
 */
export async function startFakePrometheus(options: {
  meanMs: number;
  sdMs: number;
}): Promise<FakePrometheus> {
  const state = { routes: 1 };
  const versions = ['v1', 'v2'];
  const upstream = await startUpstream(
    'prometheus',
    () => normalDelay(options.meanMs, options.sdMs),
    (req, body) => {
      const params = new URLSearchParams(body);
      const query = params.get('query') ?? '';
      if (req.url?.startsWith('/api/v1/query_range')) {
        let result: unknown[] = [];
        // A card group's query (groupPanelsQuery) gets each panel's series, tagged with its id;
        // a query of one panel gets that panel's series.
        const panels = [...query.matchAll(/"ops_panel", "([^"]+)"/g)].map(
          match => match[1],
        );
        const perPanel = panels.length > 0 ? panels : [''];
        const tagged = (panel: string, labels: Record<string, string>) =>
          panel ? { ...labels, ops_panel: panel } : labels;
        if (query.includes('kong_')) {
          result = perPanel.flatMap(panel => {
            const value = (panel || query).includes('latency') ? '42' : '2.5';
            return Array.from({ length: state.routes }, (_, i) =>
              flat(
                tagged(panel, { route: `driver.driver.${i}` }),
                params,
                value,
              ),
            );
          });
        } else if (query.includes('istio_')) {
          result = perPanel.flatMap(panel =>
            versions.map(v =>
              flat(tagged(panel, { destination_version: v }), params, '1'),
            ),
          );
        } else if (query.includes('horizontalpodautoscaler')) {
          result = ['current_replicas', 'desired_replicas'].map(m =>
            flat(
              { __name__: `kube_horizontalpodautoscaler_status_${m}` },
              params,
              '2',
            ),
          );
        }
        return {
          status: 200,
          json: { status: 'success', data: { resultType: 'matrix', result } },
        };
      }
      if (req.url?.startsWith('/api/v1/query')) {
        const time = Number(params.get('time'));
        const result = versions.map((v, i) => ({
          metric: { destination_version: v },
          value: [time, String((i + 1) * 10)],
        }));
        return {
          status: 200,
          json: { status: 'success', data: { resultType: 'vector', result } },
        };
      }
      return {
        status: 404,
        json: { status: 'error', errorType: 'not_found', error: req.url },
      };
    },
  );
  return Object.defineProperty(upstream, 'routes', {
    get: () => state.routes,
    set: (n: number) => {
      state.routes = n;
    },
    enumerable: true,
  }) as FakePrometheus;
}

/** The Kong Admin API 3.x stand-in for the `driver` service, answered after `delayMs`. */
export function startFakeKongAdmin(options: { delayMs: number }) {
  return startUpstream(
    'kong-admin-api',
    () => options.delayMs,
    req => kongAdminAnswer(req.url ?? '/'),
  );
}

/** The Kubernetes API reads of the Kong Ingress Controller source for `driver`, answered after `delayMs`. */
export function startFakeKubeApi(options: { delayMs: number }) {
  return startUpstream(
    'kubernetes-api',
    () => options.delayMs,
    req => kubeAnswer(req.url ?? '/'),
  );
}

/** Elasticsearch's `POST /<index>/_count`, answered after `delayMs`. */
export function startFakeElasticsearch(options: { delayMs: number }) {
  return startUpstream(
    'elasticsearch',
    () => options.delayMs,
    req =>
      /^\/[^/]+\/_count/.test(req.url ?? '')
        ? {
            status: 200,
            json: {
              count: 7,
              _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
            },
          }
        : {
            status: 404,
            json: {
              error: { type: 'index_not_found_exception', reason: req.url },
              status: 404,
            },
          },
  );
}
