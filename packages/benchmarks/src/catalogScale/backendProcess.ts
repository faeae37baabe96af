/**
 * Child process of the catalog-scale benchmark: `startCatalogScaleBackend` on the PostgreSQL of
 * scripts/with-postgres.sh, reading the catalog file named by BENCH_CATALOG_FILE. Call
 * `eventLoop` answers the event-loop delay p99 and max (ms) since the previous call.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { failToParent, serveParent } from '../children';
import { pgConnectionFromEnv, startCatalogScaleBackend } from './backend';

async function main() {
  const { backend, baseUrl } = await startCatalogScaleBackend({
    pg: pgConnectionFromEnv(),
    catalogFile: process.env.BENCH_CATALOG_FILE!,
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  serveParent(
    {
      eventLoop: () => {
        const result = {
          p99: delay.percentile(99) / 1e6,
          max: delay.max / 1e6,
        };
        delay.reset();
        return result;
      },
    },
    () => backend.stop(),
  );
  process.send!({ type: 'ready', baseUrl });
}

main().catch(failToParent);
