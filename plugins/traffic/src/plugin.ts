import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { trafficApi, trafficOpsCard } from './extensions';

/**
 * The traffic plugin: a card on the entity's Ops tab with the Istio traffic split per subset
 * (live, desired in Git, observed), its sync status and resilience settings, and an editor that
 * previews and saves changes through the `traffic` backend plugin.
 *
 * @public
 */
export const trafficPlugin = createFrontendPlugin({
  pluginId: 'traffic',
  title: 'Traffic',
  extensions: [trafficApi, trafficOpsCard],
});

export default trafficPlugin;
