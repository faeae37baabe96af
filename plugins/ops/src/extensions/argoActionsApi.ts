import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ArgoActionsClient, argoActionsApiRef } from '../api';

/**
 * Provides the Argo CD card's actions (`api:ops/argocd-actions`): a client of the portal's
 * `argocd-actions` backend plugin with the signed-in user's token.
 *
 * @public
 */
export const argoActionsApi = ApiBlueprint.make({
  name: 'argocd-actions',
  params: defineParams =>
    defineParams({
      api: argoActionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArgoActionsClient({ discoveryApi, fetchApi }),
    }),
});
