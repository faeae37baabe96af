import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  opsEntityCacheServiceRef,
  readCacheTtlSeconds,
  ReadThroughCache,
} from '@internal/plugin-ops-node';
import { createRouter } from './router';
import {
  DEFAULT_LOGS_CACHE_TTL_SECONDS,
  ErrorCountService,
} from './services/ErrorCountService';
import { readLogsBackendConfig } from './services/readLogsBackendConfig';

/**
 * The logs backend plugin (`/api/logs`): the count of a service's recent error lines from
 * Elasticsearch, for the Logs card. Disabled (but mounted) without
 * `opsPortal.logs.elasticsearch`. Read-only; Elasticsearch credentials stay in the backend.
 *
 * @public
 */
export const logsPlugin = createBackendPlugin({
  pluginId: 'logs',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        entityCache: opsEntityCacheServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        config,
        catalog,
        cache,
        entityCache,
      }) {
        const settings = readLogsBackendConfig(config);
        if (settings.elasticsearch) {
          logger.info(
            `Logs card counts errors in Elasticsearch at ${settings.elasticsearch.url}, index ${settings.elasticsearch.index}`,
          );
        } else {
          logger.info(
            'Logs card error count disabled: no opsPortal.logs.elasticsearch config',
          );
        }
        // Every replica shares the counts through the CacheService (Redis in production).
        const reads = new ReadThroughCache({
          cache,
          ttlSeconds: readCacheTtlSeconds(
            config,
            'opsPortal.logs.cacheTtlSeconds',
            DEFAULT_LOGS_CACHE_TTL_SECONDS,
          ),
        });
        const errorCount = new ErrorCountService({
          config: settings,
          catalog,
          entityCache,
          reads,
        });
        httpRouter.use(await createRouter({ httpAuth, errorCount }));
      },
    });
  },
});
