/**
 * Child process of the benchmark: the Ops tab's backend plugins (`startOpsBackend`) with the
 * upstream URLs and cache TTL from BENCH_BACKEND (JSON). Call `eventLoop` answers the event-loop
 * delay p99 (ms) since the previous call: how busy the backend's process was.
 */
import { startOpsBackend } from './backend';
import { failToParent, serveParent } from './children';
import { eventLoopDelayCall } from './eventLoopDelay';

async function main() {
  const ops = await startOpsBackend(JSON.parse(process.env.BENCH_BACKEND!));
  serveParent(
    { eventLoop: eventLoopDelayCall() },
    () => ops.backend.stop(),
  );
  process.send!({
    type: 'ready',
    baseUrl: ops.baseUrl,
    authorization: ops.authorization,
  });
}

main().catch(failToParent);
