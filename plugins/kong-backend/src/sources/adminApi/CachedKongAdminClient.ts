import {
  ReadThroughCache,
  readThroughCacheKey,
} from '@internal/plugin-ops-node';
import {
  AdminPlugin,
  AdminRoute,
  AdminService,
  AdminTargetHealth,
  KongAdminReads,
} from './KongAdminClient';

/** Default lifetime of the cached Kong configuration objects, in seconds. */
export const DEFAULT_KONG_CONFIG_CACHE_TTL_SECONDS = 60;

/**
 * The Kong Admin API reads with the slow-changing objects (services, routes, plugins) served from
 * the plugin's CacheService for a short while, so that a repeated read of a service costs one
 * round trip: its upstream health, which is always read from Kong. Keys hold the object's id or
 * name hashed, under `admin-api-config:`; identical reads in flight share one request.
 */
export class CachedKongAdminClient implements KongAdminReads {
  constructor(
    private readonly client: KongAdminReads,
    private readonly reads: ReadThroughCache,
  ) {}

  servicesByTags(tags: string[]): Promise<AdminService[]> {
    return this.cached('services-by-tags', tags.join(','), () =>
      this.client.servicesByTags(tags),
    );
  }

  async service(nameOrId: string): Promise<AdminService | undefined> {
    // A service Kong does not know is cached too, as null (the cache holds no undefined).
    const found = await this.cached('service', nameOrId, async () => ({
      service: (await this.client.service(nameOrId)) ?? null,
    }));
    return found.service ?? undefined;
  }

  serviceRoutes(serviceId: string): Promise<AdminRoute[]> {
    return this.cached('service-routes', serviceId, () =>
      this.client.serviceRoutes(serviceId),
    );
  }

  servicePlugins(serviceId: string): Promise<AdminPlugin[]> {
    return this.cached('service-plugins', serviceId, () =>
      this.client.servicePlugins(serviceId),
    );
  }

  routePlugins(routeId: string): Promise<AdminPlugin[]> {
    return this.cached('route-plugins', routeId, () =>
      this.client.routePlugins(routeId),
    );
  }

  globalPlugins(): Promise<AdminPlugin[]> {
    return this.cached('global-plugins', '', () => this.client.globalPlugins());
  }

  /** Never cached: the targets' health is what the card shows live. */
  upstreamHealth(name: string): Promise<AdminTargetHealth[] | undefined> {
    return this.client.upstreamHealth(name);
  }

  private cached<T>(what: string, arg: string, load: () => Promise<T>) {
    return this.reads.read(
      readThroughCacheKey(['admin-api-config', what], arg),
      load,
    );
  }
}
