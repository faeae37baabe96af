import { CacheService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { createHash } from 'node:crypto';

type CacheValue = Parameters<CacheService['set']>[1];

/** Options of {@link ReadThroughCache}. @public */
export interface ReadThroughCacheOptions {
  /** The plugin's `coreServices.cache`: Redis in production, memory in the local run. */
  cache: CacheService;
  /** How long a result is served from the cache; 0 reads the upstream every time. */
  ttlSeconds: number;
}

/**
 * Upstream reads through Backstage's CacheService, so that every replica of the backend shares a
 * result for `ttlSeconds`. Identical reads in flight in this process share one upstream request;
 * failures are never cached; a cache that fails to answer only costs the upstream request.
 * Values must survive JSON (the Redis store serialises them).
 * @public
 */
export class ReadThroughCache {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: ReadThroughCacheOptions) {}

  /** The value under `key`: from the cache when a fresh one is there, otherwise `load()`'s result. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = this.readThrough(key, load).finally(() =>
      this.inflight.delete(key),
    );
    this.inflight.set(key, promise);
    return promise;
  }

  private async readThrough<T>(key: string, load: () => Promise<T>) {
    const { cache, ttlSeconds } = this.options;
    if (ttlSeconds <= 0) return load();
    const hit = await cache.get(key).catch(() => undefined);
    if (hit !== undefined) return hit as T;
    const value = await load();
    await cache
      .set(key, value as unknown as CacheValue, { ttl: ttlSeconds * 1000 })
      .catch(() => undefined);
    return value;
  }
}

/**
 * A cache key from its parts: readable parts first, then a SHA-256 of the free-form one (a query
 * text, say), so keys stay short and carry no separator of their own.
 * @public
 */
export function readThroughCacheKey(parts: string[], body?: string): string {
  const hash =
    body === undefined ? [] : [createHash('sha256').update(body).digest('hex')];
  return [...parts, ...hash].join(':');
}

/**
 * Reads a cache lifetime in seconds at `key` (e.g. `opsPortal.kong.cacheTtlSeconds`); `0` turns the
 * cache off. A negative or non-finite value fails the plugin's start.
 * @public
 */
export function readCacheTtlSeconds(
  config: Config,
  key: string,
  defaultSeconds: number,
): number {
  const value = config.getOptionalNumber(key) ?? defaultSeconds;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(
      `Config '${key}' must be a number of seconds (0 or more), not ${value}`,
    );
  }
  return value;
}
