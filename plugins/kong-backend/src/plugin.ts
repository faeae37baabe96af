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
import { readKongConfig } from './config/readKongConfig';
import { createRouter } from './router';
import { KongRoutesService } from './services/KongRoutesService';
import { AdminApiKongSource } from './sources/adminApi/AdminApiKongSource';
import {
  CachedKongSource,
  DEFAULT_KONG_CACHE_TTL_SECONDS,
} from './sources/CachedKongSource';
import { KongAdminClient } from './sources/adminApi/KongAdminClient';
import {
  CachedKongAdminClient,
  DEFAULT_KONG_CONFIG_CACHE_TTL_SECONDS,
} from './sources/adminApi/CachedKongAdminClient';
import { KubernetesKongSource } from './sources/kubernetes/KubernetesKongSource';
import { KubernetesReader } from './sources/kubernetes/KubernetesReader';
import { KongSource } from './sources/types';

/**
 * The Kong backend plugin (`/api/kong`): the entity's Kong routes, plugins and upstream health
 * from the cluster's Kong Ingress Controller resources or from the Kong Admin API
 * (`opsPortal.kong.source`). Read-only; upstream credentials stay in the backend.
 *
 * @public
 */
export const kongPlugin = createBackendPlugin({
  pluginId: 'kong',
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
        const settings = readKongConfig(config);
        let source: KongSource;
        if (settings.source === 'admin-api') {
          // Services, routes and plugins change rarely: read through a short cache of their own,
          // so that a read of the source costs one round trip (the upstream health).
          source = new AdminApiKongSource(
            new CachedKongAdminClient(
              new KongAdminClient(settings.adminApi),
              new ReadThroughCache({
                cache,
                ttlSeconds: readCacheTtlSeconds(
                  config,
                  'opsPortal.kong.adminApi.configCacheTtlSeconds',
                  DEFAULT_KONG_CONFIG_CACHE_TTL_SECONDS,
                ),
              }),
            ),
          );
          logger.info(
            `Kong card reads the Kong Admin API at ${settings.adminApi.url}`,
          );
        } else {
          source = new KubernetesKongSource({
            reader: new KubernetesReader(settings.cluster, settings.timeoutMs),
            ingressClass: settings.ingressClass,
            naming: settings.naming,
            proxyDeployment: settings.proxyDeployment,
          });
          logger.info(
            `Kong card reads Kong Ingress Controller resources from cluster '${settings.cluster.name}' at ${settings.cluster.url}`,
          );
        }
        // Every replica shares the reads through the CacheService (Redis in production).
        const cachedSource = new CachedKongSource(
          source,
          new ReadThroughCache({
            cache,
            ttlSeconds: readCacheTtlSeconds(
              config,
              'opsPortal.kong.cacheTtlSeconds',
              DEFAULT_KONG_CACHE_TTL_SECONDS,
            ),
          }),
        );
        const routes = new KongRoutesService({
          entityCache,
          source: cachedSource,
          catalog,
          proxyReplicas: settings.proxyReplicas,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, routes }));
      },
    });
  },
});
