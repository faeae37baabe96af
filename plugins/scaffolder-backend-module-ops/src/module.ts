import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createOpsActions } from './actions';

/**
 * Registers the ops portal's scaffolder actions.
 * @public
 */
export const scaffolderModuleOps = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, auditor, auth, catalog }) {
        scaffolder.addActions(
          ...createOpsActions({ config, logger, auditor, auth, catalog }),
        );
      },
    });
  },
});
