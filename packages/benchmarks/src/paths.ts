/** The service whose Ops tab is loaded. */
export const ENTITY_REF = 'component:default/driver';

/** Where the backend under test answers, and the signed-in user's `Authorization` header. */
export interface OpsEndpoint {
  baseUrl: string;
  authorization: string;
}

/** A metrics window end (unix seconds) that no earlier load used, for cache-cold loads. */
export function coldEnd(index: number, nowSeconds: number): number {
  // 1 h range → 30 s steps: ends 30 s apart are different cache keys.
  return nowSeconds - 30 * (index + 1);
}

/** The Ops tab's backend calls for one load, as the cards issue them (range 1h). */
export function opsTabPaths(endSeconds: number): Record<string, string> {
  const ref = encodeURIComponent(ENTITY_REF);
  const to = new Date(endSeconds * 1000);
  const from = new Date(to.getTime() - 3600_000);
  return {
    'metrics/golden-signals': `/api/metrics/golden-signals?entityRef=${ref}&range=1h&end=${endSeconds}`,
    'metrics/hpa-history': `/api/metrics/hpa-history?entityRef=${ref}&range=1h&end=${endSeconds}`,
    'kong/routes': `/api/kong/routes?entityRef=${ref}`,
    'logs/error-count': `/api/logs/error-count?entityRef=${ref}&from=${from.toISOString()}&to=${to.toISOString()}`,
  };
}
