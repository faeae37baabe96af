import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/** The backend's own plugins whose requests are counted: what an ops call costs inside the portal. */
const PLUGINS = ['catalog', 'permission', 'auth'] as const;

/**
 * Counts the requests the backend process serves to its catalog, permission and auth plugins
 * (Node's `http.server.request.start` diagnostics channel): the entity lookups the ops plugins
 * make over HTTP, and the permission decisions behind them. Call `internalRequests` answers the
 * counts since the previous call.
 */
export function internalRequestsCall() {
  const counts: Record<string, number> = {};
  subscribe('http.server.request.start', message => {
    const { request } = message as { request: IncomingMessage };
    const plugin = /^\/api\/([^/?]+)/.exec(request.url ?? '')?.[1];
    if (plugin && (PLUGINS as readonly string[]).includes(plugin)) {
      counts[plugin] = (counts[plugin] ?? 0) + 1;
    }
  });
  return {
    internalRequests: async () => {
      const answer = Object.fromEntries(PLUGINS.map(p => [p, counts[p] ?? 0]));
      for (const p of PLUGINS) counts[p] = 0;
      return answer;
    },
  };
}
