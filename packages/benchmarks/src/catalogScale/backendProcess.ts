/**
 * Child process of the catalog-scale benchmark: `startCatalogScaleBackend` on the PostgreSQL of
 * scripts/with-postgres.sh, reading the catalog file named by BENCH_CATALOG_FILE. Call
 * `eventLoop` answers the event-loop delay p99 and max (ms) since the previous call.
 */
import { failToParent, serveParent } from '../children';
import { eventLoopDelayCall } from '../eventLoopDelay';
import { pgConnectionFromEnv, startCatalogScaleBackend } from './backend';

async function main() {
  const { backend, baseUrl } = await startCatalogScaleBackend({
    pg: pgConnectionFromEnv(),
    catalogFile: process.env.BENCH_CATALOG_FILE!,
  });
  serveParent({ eventLoop: eventLoopDelayCall() }, () => backend.stop());
  process.send!({ type: 'ready', baseUrl });
}

main().catch(failToParent);
