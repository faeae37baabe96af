/**
 * Child process of the benchmark: the Ops tab's backend plugins (`startOpsBackend`) with the
 * upstream URLs and cache TTL from BENCH_BACKEND (JSON). Call `eventLoop` answers the event-loop
 * delay p99 (ms) since the previous call: how busy the backend's process was.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startOpsBackend } from './backend';
import { failToParent, serveParent } from './children';

async function main() {
  const ops = await startOpsBackend(JSON.parse(process.env.BENCH_BACKEND!));
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
    () => ops.backend.stop(),
  );
  process.send!({
    type: 'ready',
    baseUrl: ops.baseUrl,
    authorization: ops.authorization,
  });
}

main().catch(failToParent);
