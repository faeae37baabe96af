import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { kongApi, kongOpsCard } from './extensions';

/**
 * The Kong plugin: a card on the entity's Ops tab with its Kong routes, the plugins on them
 * (key settings and warnings) and upstream target health, served by the `kong` backend plugin.
 *
 * @public
 */
export const kongPlugin = createFrontendPlugin({
  pluginId: 'kong',
  title: 'Kong',
  extensions: [kongApi, kongOpsCard],
});

export default kongPlugin;
