import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
} from '@internal/plugin-ops-common';
import {
  opsEntityCacheServiceRef,
  pluginWorkDir,
} from '@internal/plugin-ops-node';
import { readTrafficConfig } from './config/readTrafficConfig';
import { createRouter } from './router';
import { createTrafficServices } from './services/createTrafficServices';
import { MetricsCanaryAnalysis } from './rollouts/CanaryAnalysisClient';
import { createRolloutServices } from './rollouts/createRolloutServices';
import { RolloutStore } from './rollouts/RolloutStore';

/**
 * The traffic backend plugin (`/api/traffic`): live and desired weights and resilience policy of
 * an entity's Istio VirtualService and DestinationRule, preview and save of edits. Git-managed
 * objects are edited in the GitOps repository (commit, then an Argo CD sync), others in the
 * cluster with resourceVersion checks. Saves are permission-checked and audited. Progressive
 * rollouts live in the plugin's database and are driven by a global scheduled task.
 *
 * @public
 */
export const trafficPlugin = createBackendPlugin({
  pluginId: 'traffic',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        entityCache: opsEntityCacheServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        logger,
        config,
        lifecycle,
        catalog,
        entityCache,
        database,
        scheduler,
        discovery,
        auth,
      }) {
        const settings = readTrafficConfig(config);
        permissionsRegistry.addPermissions([
          opsTrafficUpdatePermission,
          opsResiliencePolicyUpdatePermission,
        ]);
        const workDir = await pluginWorkDir('ops-traffic-', lifecycle);
        const services = createTrafficServices({
          settings,
          catalog,
          entityCache,
          permissions,
          auditor,
          logger,
          workDir,
        });
        logger.info(
          `Traffic editor: cluster '${settings.cluster.name}' at ${settings.cluster.url}, Argo CD '${settings.argoCd.name}' at ${settings.argoCd.url}, GitOps repository ${settings.gitops.repoUrl} (${settings.gitops.publishMode} to ${settings.gitops.branch})`,
        );
        const { rollouts, engine } = createRolloutServices({
          services,
          settings,
          store: await RolloutStore.create(database),
          analysis: new MetricsCanaryAnalysis({
            discovery,
            auth,
            timeoutMs: settings.timeoutMs * 2,
          }),
          auth,
          auditor,
          logger,
        });
        // Global scope: one replica at a time drives the rollouts; another picks up after a restart.
        await scheduler.scheduleTask({
          id: 'traffic-rollout-steps',
          frequency: { seconds: settings.rollouts.tickSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: settings.rollouts.tickSeconds },
          scope: 'global',
          fn: () => engine.tick(),
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            targets: services.targets,
            reader: services.reader,
            editor: services.editor,
            rollouts,
          }),
        );
      },
    });
  },
});
