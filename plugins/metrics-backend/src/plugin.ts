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
import { readCanaryConfig } from './config/readCanaryConfig';
import { createRouter } from './router';
import { CanaryAnalysisService } from './services/CanaryAnalysisService';
import { DeployMarkersService } from './services/DeployMarkersService';
import { EntityTargets } from './services/EntityTargets';
import { GoldenSignalsService } from './services/GoldenSignalsService';
import { HpaHistoryService } from './services/HpaHistoryService';
import { ObservedSplitService } from './services/ObservedSplitService';
import { PrometheusClient } from './services/PrometheusClient';
import { PrometheusInstances } from './services/PrometheusInstances';
import {
  DEFAULT_CACHE_TTL_SECONDS,
  RangeQueryRunner,
} from './services/RangeQueryRunner';

/** Timeout of each read of the deploy markers' sources (Argo CD actions, traffic backends). */
const DEPLOY_SOURCES_TIMEOUT_MS = 5000;

/**
 * The metrics backend plugin: golden signals, HPA history and observed traffic split of an
 * entity, read from Prometheus (`opsPortal.metrics`); canary verdicts; deploy markers and the
 * last deploy's comparison.
 * @public
 */
export const metricsPlugin = createBackendPlugin({
  pluginId: 'metrics',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        entityCache: opsEntityCacheServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        httpRouter,
        httpAuth,
        config,
        logger,
        cache,
        catalog,
        entityCache,
        discovery,
        auth,
      }) {
        const instances = PrometheusInstances.fromConfig(config);
        if (instances.all.length === 0) {
          logger.warn(
            'No Prometheus configured (opsPortal.metrics.prometheus); metrics endpoints answer 503',
          );
        } else {
          logger.info(
            `Prometheus instances: ${instances.all
              .map(i => `${i.name} (${i.url})`)
              .join(', ')}`,
          );
        }
        const clients = new Map(
          instances.all.map(i => [i.name, new PrometheusClient(i)]),
        );
        // Every replica shares the query results through the CacheService (Redis in production).
        const reads = new ReadThroughCache({
          cache,
          ttlSeconds: readCacheTtlSeconds(
            config,
            'opsPortal.metrics.cacheTtlSeconds',
            DEFAULT_CACHE_TTL_SECONDS,
          ),
        });
        const runner = new RangeQueryRunner({
          reads,
          clientFor: instance => clients.get(instance.name)!,
        });
        const canary = readCanaryConfig(config);
        httpRouter.use(
          await createRouter({
            httpAuth,
            logger,
            targets: new EntityTargets(catalog, instances, entityCache),
            goldenSignals: new GoldenSignalsService(runner),
            hpaHistory: new HpaHistoryService(runner),
            observedSplit: new ObservedSplitService(runner),
            canaryAnalysis: new CanaryAnalysisService(runner, canary),
            deployMarkers: new DeployMarkersService({
              discovery,
              auth,
              runner,
              reads,
              canary,
              commitUrlTemplate: config.getOptionalString(
                'opsPortal.gitops.commitUrlTemplate',
              ),
              timeoutMs: DEPLOY_SOURCES_TIMEOUT_MS,
            }),
          }),
        );
      },
    });
  },
});
