import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { goldenSignalsCard, metricsApi } from './extensions';

/**
 * The metrics plugin: a golden signals card on the Ops tab (requests, errors, latency per Kong
 * route and per Istio version) and the API other cards use to read Prometheus through the
 * metrics backend.
 *
 * @public
 */
export const metricsPlugin = createFrontendPlugin({
  pluginId: 'metrics',
  title: 'Metrics',
  extensions: [metricsApi, goldenSignalsCard],
});

export default metricsPlugin;
