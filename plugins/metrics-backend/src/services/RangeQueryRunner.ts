import { CacheService } from '@backstage/backend-plugin-api';
import { MetricsWindow } from '@internal/plugin-ops-common';
import { createHash } from 'node:crypto';
import { PrometheusClient, PrometheusSeries } from './PrometheusClient';
import { PrometheusInstance } from './PrometheusInstances';

/** Default lifetime of cached query results. @public */
export const DEFAULT_CACHE_TTL_SECONDS = 15;

/**
 * Runs range queries through a short-lived cache keyed by instance, query and step-aligned
 * window, so a dashboard many people open costs Prometheus one evaluation per step. Failures
 * are not cached.
 * @public
 */
export class RangeQueryRunner {
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

  private async cached(
    key: string,
    load: () => Promise<PrometheusSeries[]>,
  ): Promise<PrometheusSeries[]> {
    const { cache, cacheTtlSeconds } = this.options;
    if (cacheTtlSeconds > 0) {
      const hit = await cache.get<any>(key);
      if (hit) return hit as PrometheusSeries[];
    }
    const result = await load();
    if (cacheTtlSeconds > 0) {
      await cache.set(key, result as any, { ttl: cacheTtlSeconds * 1000 });
    }
    return result;
  }
}
