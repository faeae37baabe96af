import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  opsArgoCdRollbackPermission,
  opsArgoCdSyncPermission,
} from '@internal/plugin-ops-common';
import {
  opsEntityCacheServiceRef,
  pluginWorkDir,
} from '@internal/plugin-ops-node';
import { readArgoActionsConfig } from './config/readArgoActionsConfig';
import { createRouter } from './router';
import { createArgoActionsServices } from './services/createArgoActionsServices';

/**
 * The Argo CD actions backend plugin (`/api/argocd-actions`): the state of an entity's Argo CD
 * Application for the Ops tab's action bar, and its sync, hard refresh, cancel and rollback
 * (Argo CD's rollback, or a revert commit in the GitOps repository when the Application syncs
 * automatically). Actions are permission-checked on the entity and audited.
 *
 * @public
 */
export const argoCdActionsPlugin = createBackendPlugin({
  pluginId: 'argocd-actions',
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
        const settings = readArgoActionsConfig(config);
        permissionsRegistry.addPermissions([
          opsArgoCdSyncPermission,
          opsArgoCdRollbackPermission,
        ]);
        const workDir = await pluginWorkDir('ops-argocd-actions-', lifecycle);
        const services = createArgoActionsServices({
          settings,
          catalog,
          entityCache,
          permissions,
          auditor,
          logger,
          workDir,
        });
        logger.info(
          `Argo CD actions: Argo CD '${settings.reader.name}' at ${
            settings.reader.url
          }, ${
            settings.gitops
              ? `Git rollbacks in ${settings.gitops.repoUrl} (branch ${settings.gitops.branch})`
              : 'no GitOps repository (Git rollbacks refused)'
          }`,
        );
        httpRouter.use(await createRouter({ httpAuth, ...services }));
      },
    });
  },
});
