import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { logsApi, logsCard } from './extensions';

/**
 * The logs plugin: the Logs card of the Ops tab (Kibana Discover links and the recent error
 * count from Elasticsearch).
 *
 * @public
 */
export const logsPlugin = createFrontendPlugin({
  pluginId: 'logs',
  title: 'Logs',
  extensions: [logsApi, logsCard],
});

export default logsPlugin;
