import {
  ReadThroughCache,
  readThroughCacheKey,
} from '@internal/plugin-ops-node';
import { KongSource, KongSourceResult, KongTarget } from './types';

/** Default lifetime of a cached Kong read, in seconds (`opsPortal.kong.cacheTtlSeconds`). */
export const DEFAULT_KONG_CACHE_TTL_SECONDS = 15;

/**
 * A Kong source read through the plugin's CacheService: the routes, plugins and upstreams of one
 * target are read from the cluster or the Admin API once per TTL for every replica, and identical
 * reads in flight share one request. The caller's entity check runs before, on every request
 * (KongRoutesService), so the cache never answers for an entity the caller cannot see.
 */
export class CachedKongSource implements KongSource {
  readonly kind: KongSource['kind'];

  constructor(
    private readonly source: KongSource,
    private readonly reads: ReadThroughCache,
  ) {
    this.kind = source.kind;
  }

  read(target: KongTarget): Promise<KongSourceResult> {
    const key = readThroughCacheKey([
      'routes',
      this.kind,
      target.namespace,
      target.kubernetesId,
      target.kongServices.join(','),
    ]);
    return this.reads.read(key, () => this.source.read(target));
  }
}
