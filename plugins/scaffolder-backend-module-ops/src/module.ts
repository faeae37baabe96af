import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
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
      },
      async init({ scaffolder, config, logger, auditor }) {
        scaffolder.addActions(...createOpsActions({ config, logger, auditor }));
      },
    });
  },
});
