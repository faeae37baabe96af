import { MetricsWindow } from '@internal/plugin-metrics-common';
import {
  ReadThroughCache,
  readThroughCacheKey,
} from '@internal/plugin-ops-node';
import { PrometheusClient, PrometheusSeries } from './PrometheusClient';
import { PrometheusInstance } from './PrometheusInstances';

/** Default lifetime of cached query results. @public */
export const DEFAULT_CACHE_TTL_SECONDS = 15;

/**
 * Runs range queries through Backstage's CacheService (Redis in production, so every replica
 * shares a result), keyed by instance, query and step-aligned window, so a dashboard many people
 * open costs Prometheus one evaluation per step; identical queries in flight in one process are
 * shared. Failures are not cached.
 * @public
 */
export class RangeQueryRunner {
  constructor(
    private readonly options: {
      /** The plugin's CacheService reads, with `opsPortal.metrics.cacheTtlSeconds`. */
      reads: ReadThroughCache;
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
    return this.options.reads.read(key, () =>
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
    return this.options.reads.read(key, () =>
      this.options.clientFor(instance).queryInstant(query, time),
    );
  }

  private key(
    kind: string,
    instance: PrometheusInstance,
    query: string,
    times: number[],
  ): string {
    return readThroughCacheKey(
      [kind, instance.name, ...times.map(String)],
      query,
    );
  }
}
