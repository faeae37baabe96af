import type { Page, Request } from 'playwright-core';

/** One request of a page load, in ms since the navigation started. */
export interface TimedRequest {
  /** Method and path (with query) under the backend, e.g. `GET /api/kong/routes?…`. */
  what: string;
  start: number;
  /** When the last byte of the answer arrived. */
  end: number;
  /** Time to the first byte of the answer (request sent → answer started). */
  wait: number;
}

/**
 * Collects every request the page makes from now on, with Chromium's own timing. Call
 * {@link timeline} once the page has settled to read them, relative to the navigation start.
 */
export function recordRequests(page: Page): {
  timeline: () => Promise<TimedRequest[]>;
} {
  const finished: Request[] = [];
  page.on('requestfinished', request => {
    finished.push(request);
  });
  return {
    timeline: async () => {
      const origin = await page.evaluate(() => performance.timeOrigin);
      return finished
        .map(request => {
          const timing = request.timing();
          const url = new URL(request.url());
          return {
            what: `${request.method()} ${url.pathname}${url.search}`,
            start: timing.startTime - origin,
            end: timing.startTime - origin + timing.responseEnd,
            wait: timing.responseStart - timing.requestStart,
          };
        })
        .sort((a, b) => a.start - b.start);
    },
  };
}

/**
 * The requests as lines: start → end (wait) what; the static files (the app's code) summarised in
 * one line unless `staticFiles` asks for each.
 */
export function formatTimeline(
  requests: TimedRequest[],
  options: { staticFiles?: boolean } = {},
): string[] {
  const chunks = requests.filter(r => r.what.startsWith('GET /static/'));
  const lines: string[] = [];
  if (chunks.length > 0 && !options.staticFiles) {
    lines.push(
      `${chunks.length} static files between ${Math.min(
        ...chunks.map(r => r.start),
      ).toFixed(0)} and ${Math.max(...chunks.map(r => r.end)).toFixed(0)} ms`,
    );
  }
  for (const r of requests) {
    if (r.what.startsWith('GET /static/') && !options.staticFiles) continue;
    const what = r.what.length > 110 ? `${r.what.slice(0, 107)}...` : r.what;
    lines.push(
      `${r.start.toFixed(0).padStart(6)} → ${r.end
        .toFixed(0)
        .padStart(6)} ms  (first byte ${r.wait
        .toFixed(0)
        .padStart(5)} ms)  ${what}`,
    );
  }
  return lines;
}
