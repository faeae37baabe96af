import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  KubernetesBackendClient,
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { SharedKubernetesApi } from './SharedKubernetesApi';

/**
 * Replaces the Kubernetes plugin's API extension (`api:kubernetes`) with the same client behind
 * {@link SharedKubernetesApi}, so the cards of one Ops tab load read the entity's objects once.
 */
export const kubernetesModule = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: kubernetesApiRef,
          deps: {
            discoveryApi: discoveryApiRef,
            fetchApi: fetchApiRef,
            kubernetesAuthProvidersApi: kubernetesAuthProvidersApiRef,
          },
          factory: deps =>
            new SharedKubernetesApi(new KubernetesBackendClient(deps)),
        }),
    }),
  ],
});
