import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  argoActionsApi,
  argoCdApi,
  opsArgoCdHistoryCard,
  opsArgoCdOverviewCard,
  opsEntityContent,
  opsHpaCard,
  opsKubernetesCard,
} from './extensions';

/**
 * The ops plugin: an "Ops" tab on Component entities with the Kubernetes workloads and the
 * Argo CD status of the service. Other plugins add cards with `OpsCardBlueprint`.
 *
 * @public
 */
export const opsPlugin = createFrontendPlugin({
  pluginId: 'ops',
  title: 'Ops',
  extensions: [
    opsEntityContent,
    opsKubernetesCard,
    opsHpaCard,
    opsArgoCdOverviewCard,
    opsArgoCdHistoryCard,
    argoCdApi,
    argoActionsApi,
  ],
});

export default opsPlugin;
