import type { Page } from 'playwright-core';

/** Self time of one function of the page, summed over the profile. */
export interface ProfileEntry {
  what: string;
  selfMs: number;
}

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
  };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: the file name of its script (a chunk), or what V8 calls it. */
function describe(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  if (!url) return `(${functionName || 'program'})`;
  const file = url.split('/').pop() ?? url;
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${
    columnNumber + 1
  }`;
}

/**
 * Starts the V8 sampling profiler of the page's renderer (every 0.2 ms) through the Chrome
 * DevTools Protocol; `stop` answers the total profiled time, the functions with the most self time
 * and the self time per script file.
 */
export async function profileRenderer(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    stop: async (top: number) => {
      const { profile } = (await session.send('Profiler.stop')) as unknown as {
        profile: CpuProfile;
      };
      await session.detach();
      const byNode = new Map(profile.nodes.map(node => [node.id, node]));
      const self = new Map<string, number>();
      const perFile = new Map<string, number>();
      let totalUs = 0;
      profile.samples.forEach((id, index) => {
        const node = byNode.get(id);
        const us = profile.timeDeltas[index] ?? 0;
        totalUs += us;
        if (!node || node.callFrame.functionName === '(idle)') return;
        const what = describe(node);
        self.set(what, (self.get(what) ?? 0) + us);
        const file = node.callFrame.url
          ? node.callFrame.url.split('/').pop()!
          : `(${node.callFrame.functionName || 'program'})`;
        perFile.set(file, (perFile.get(file) ?? 0) + us);
      });
      const sorted = (map: Map<string, number>) =>
        [...map]
          .map(([what, us]) => ({ what, selfMs: us / 1000 }))
          .sort((a, b) => b.selfMs - a.selfMs)
          .slice(0, top);
      return {
        totalMs: totalUs / 1000,
        busyMs: [...self.values()].reduce((sum, us) => sum + us, 0) / 1000,
        functions: sorted(self),
        files: sorted(perFile),
      };
    },
  };
}
