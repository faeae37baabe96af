/**
 * Child process of the benchmark: the Prometheus, Kong Admin API, Kubernetes API and Elasticsearch
 * stand-ins on 127.0.0.1, latencies from BENCH_PROM_MEAN_MS / BENCH_PROM_SD_MS / BENCH_KONG_MS /
 * BENCH_KUBE_MS / BENCH_ES_MS.
 * Calls: `stats` (served times and request counts), `reset`, `routes` (n).
 */
import { failToParent, serveParent } from './children';
import {
  startFakeElasticsearch,
  startFakeKongAdmin,
  startFakeKubeApi,
  startFakePrometheus,
} from './upstreams';

const num = (name: string) => Number(process.env[name]);

async function main() {
  const prometheus = await startFakePrometheus({
    meanMs: num('BENCH_PROM_MEAN_MS'),
    sdMs: num('BENCH_PROM_SD_MS'),
  });
  const kong = await startFakeKongAdmin({ delayMs: num('BENCH_KONG_MS') });
  const kube = await startFakeKubeApi({ delayMs: num('BENCH_KUBE_MS') });
  const es = await startFakeElasticsearch({ delayMs: num('BENCH_ES_MS') });
  const all = [prometheus, kong, kube, es];
  serveParent(
    {
      stats: () =>
        Object.fromEntries(
          all.map(u => [u.name, { served: u.served, requests: u.requests }]),
        ),
      reset: () => all.forEach(u => u.reset()),
      routes: ({ n }) => {
        prometheus.routes = n;
      },
    },
    async () => {
      await Promise.all(all.map(u => u.close()));
    },
  );
  process.send!({
    type: 'ready',
    prometheusUrl: prometheus.url,
    kongAdminUrl: kong.url,
    kubeApiUrl: kube.url,
    elasticsearchUrl: es.url,
  });
}

main().catch(failToParent);
