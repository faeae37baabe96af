import { Session } from 'node:inspector/promises';
import { cpuUsage } from 'node:process';

/** One line of a CPU profile summary: a function and the CPU time spent in it (not its callees). */
export interface ProfileEntry {
  /** `name (file:line)`, the file after its last `node_modules/`, or from `plugins/` / `packages/`. */
  name: string;
  selfMs: number;
  /** Share of the profiled time, idle excluded. */
  percent: number;
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type Profile = {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
};

function shortUrl(url: string): string {
  return url
    .replace(/^.*node_modules\//, '')
    .replace(/^(file:\/\/)?.*?\/(plugins|packages)\//, '$2/');
}

function frameName({
  functionName,
  url,
  lineNumber,
}: ProfileNode['callFrame']) {
  const name = functionName || '(anonymous)';
  return url ? `${name} (${shortUrl(url)}:${lineNumber + 1})` : name;
}

/** The `top` functions by self time of a V8 CPU profile, idle time left out. */
export function summarizeProfile(
  profile: Profile,
  top: number,
): ProfileEntry[] {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const name = frameName(nodes.get(id)!.callFrame);
    if (name === '(idle)') return;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfMs]) => ({
      name,
      selfMs,
      percent: (100 * selfMs) / total,
    }));
}

/**
 * The `cpu` and `profile*` calls of a benchmark child: this process's CPU time (user + system,
 * ms) since the previous `cpu` call, and a V8 CPU profile through the inspector, summarised to its
 * top self-time functions.
 */
export function cpuCalls() {
  let last = cpuUsage();
  const session = new Session();
  session.connect();
  return {
    cpu: () => {
      const used = cpuUsage(last);
      last = cpuUsage();
      return { ms: (used.user + used.system) / 1000 };
    },
    profileStart: async () => {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    },
    profileStop: async ({ top }: { top?: number }) => {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      return summarizeProfile(profile as Profile, top ?? 10);
    },
  };
}
