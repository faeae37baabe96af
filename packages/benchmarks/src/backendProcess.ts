/**
 * Child process of the benchmark: the Ops tab's backend plugins (`startOpsBackend`) with the
 * upstream URLs, Kong source and cache TTLs from BENCH_BACKEND (JSON). Call `eventLoop` answers
 * the event-loop delay p99 (ms) since the previous call: how busy the backend's process was;
 * `cpu` its CPU time since the previous call; `profileStart` / `profileStop` a CPU profile summary;
 * `internalRequests` the requests to its catalog, permission and auth plugins since the previous call.
 */
import { startOpsBackend } from './backend';
import { failToParent, serveParent } from './children';
import { cpuCalls } from './cpuProfile';
import { eventLoopDelayCall } from './eventLoopDelay';
import { internalRequestsCall } from './internalRequests';

async function main() {
  const ops = await startOpsBackend(JSON.parse(process.env.BENCH_BACKEND!));
  serveParent(
    {
      eventLoop: eventLoopDelayCall(),
      ...cpuCalls(),
      ...internalRequestsCall(),
    },
    () => ops.stop(),
  );
  process.send!({
    type: 'ready',
    baseUrl: ops.baseUrl,
    authorization: ops.authorization,
  });
}

main().catch(failToParent);
