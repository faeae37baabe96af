import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readCacheTtlSeconds } from '../cache/ReadThroughCache';
import { OpsEntityCache } from './OpsEntityCache';

/** Default lifetime of a shared entity read (`opsPortal.entityCache.ttlSeconds`). @public */
export const DEFAULT_ENTITY_CACHE_TTL_SECONDS = 5;

/**
 * The one {@link OpsEntityCache} of the backend process (root scope), so that every ops backend
 * plugin that depends on it shares the entity reads of one Ops tab load. Its lifetime is
 * `opsPortal.entityCache.ttlSeconds` (default 5; 0 shares only reads in flight).
 * @public
 */
export const opsEntityCacheServiceRef = createServiceRef<OpsEntityCache>({
  id: 'ops-portal.entity-cache',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) =>
        new OpsEntityCache({
          ttlMs:
            readCacheTtlSeconds(
              config,
              'opsPortal.entityCache.ttlSeconds',
              DEFAULT_ENTITY_CACHE_TTL_SECONDS,
            ) * 1000,
        }),
    }),
});
