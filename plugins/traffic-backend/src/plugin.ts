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

/**
 * The traffic backend plugin (`/api/traffic`): live and desired weights and resilience policy of
 * an entity's Istio VirtualService and DestinationRule, preview and save of edits. Git-managed
 * objects are edited in the GitOps repository (commit, then an Argo CD sync), others in the
 * cluster with resourceVersion checks. Saves are permission-checked and audited.
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
      }) {
        const settings = readTrafficConfig(config);
        permissionsRegistry.addPermissions([
          opsTrafficUpdatePermission,
          opsResiliencePolicyUpdatePermission,
        ]);
        const workDir = await pluginWorkDir('ops-traffic-', lifecycle);
        const { targets, reader, editor } = createTrafficServices({
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
        httpRouter.use(
          await createRouter({ httpAuth, targets, reader, editor }),
        );
      },
    });
  },
});
