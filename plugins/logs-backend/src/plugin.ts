import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { ErrorCountService } from './services/ErrorCountService';
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
        catalog: catalogServiceRef,
      },
      async init({ httpRouter, httpAuth, logger, config, catalog }) {
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
        const errorCount = new ErrorCountService({ config: settings, catalog });
        httpRouter.use(await createRouter({ httpAuth, errorCount }));
      },
    });
  },
});
