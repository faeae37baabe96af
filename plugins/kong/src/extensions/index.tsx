import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import { KongClient, kongApiRef } from '../api';

/** The Kong backend client (`api:kong`). @public */
export const kongApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kongApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KongClient({ discoveryApi, fetchApi }),
    }),
});

/** The Kong card on the Ops tab (`ops-card:kong`). @public */
export const kongOpsCard = OpsCardBlueprint.make({
  params: {
    width: 'full',
    loader: () => import('../components/KongCard').then(m => <m.KongCard />),
  },
});
