import { CacheService } from '@backstage/backend-plugin-api';
import { MetricsWindow } from '@internal/plugin-metrics-common';
import { createHash } from 'node:crypto';
import { PrometheusClient, PrometheusSeries } from './PrometheusClient';
import { PrometheusInstance } from './PrometheusInstances';

/** Default lifetime of cached query results. @public */
export const DEFAULT_CACHE_TTL_SECONDS = 15;

/**
 * Runs range queries through a short-lived cache keyed by instance, query and step-aligned
 * window, so a dashboard many people open costs Prometheus one evaluation per step; identical
 * queries in flight are shared. Failures are not cached.
 * @public
 */
export class RangeQueryRunner {
  private readonly inflight = new Map<string, Promise<PrometheusSeries[]>>();

  constructor(
    private readonly options: {
      cache: CacheService;
      cacheTtlSeconds: number;
      clientFor: (instance: PrometheusInstance) => PrometheusClient;
    },
  ) {}

  /** The range query's series, from the cache when a fresh result is there. */
  async run(
    instance: PrometheusInstance,
    query: string,
    window: MetricsWindow,
  ): Promise<PrometheusSeries[]> {
    const key = this.key('range', instance, query, [
      window.start,
      window.end,
      window.stepSeconds,
    ]);
    return this.cached(key, () =>
      this.options.clientFor(instance).queryRange(query, window),
    );
  }

  /** The instant query's series at `time`, cached the same way. */
  async runInstant(
    instance: PrometheusInstance,
    query: string,
    time: number,
  ): Promise<PrometheusSeries[]> {
    const key = this.key('instant', instance, query, [time]);
    return this.cached(key, () =>
      this.options.clientFor(instance).queryInstant(query, time),
    );
  }

  private key(
    kind: string,
    instance: PrometheusInstance,
    query: string,
    times: number[],
  ): string {
    const hash = createHash('sha256').update(query).digest('hex');
    return `${kind}:${instance.name}:${times.join(':')}:${hash}`;
  }

  private cached(
    key: string,
    load: () => Promise<PrometheusSeries[]>,
  ): Promise<PrometheusSeries[]> {
    // Callers asking for the same query at the same time share one Prometheus request.
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const promise = this.readThrough(key, load).finally(() =>
      this.inflight.delete(key),
    );
    this.inflight.set(key, promise);
    return promise;
  }

  private async readThrough(
    key: string,
    load: () => Promise<PrometheusSeries[]>,
  ): Promise<PrometheusSeries[]> {
    const { cache, cacheTtlSeconds } = this.options;
    if (cacheTtlSeconds <= 0) return load();
    // The cache only saves Prometheus work: when it is unavailable, query anyway.
    const hit = await cache.get<any>(key).catch(() => undefined);
    if (hit) return hit as PrometheusSeries[];
    const result = await load();
    await cache
      .set(key, result as any, { ttl: cacheTtlSeconds * 1000 })
      .catch(() => undefined);
    return result;
  }
}
