import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Starts measuring this process's event-loop delay and returns the `eventLoop` call of a
 * benchmark child: the delay p99 and max (ms) since the previous call.
 */
export function eventLoopDelayCall(): () => { p99: number; max: number } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return () => {
    const result = {
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
    };
    delay.reset();
    return result;
  };
}
