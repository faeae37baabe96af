import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import { TrafficClient, trafficApiRef } from '../api';

/** The traffic backend client (`api:traffic`). @public */
export const trafficApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: trafficApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TrafficClient({ discoveryApi, fetchApi }),
    }),
});

/** The Traffic card on the Ops tab (`ops-card:traffic`). @public */
export const trafficOpsCard = OpsCardBlueprint.make({
  params: {
    width: 'full',
    loader: () =>
      import('../components/TrafficCard').then(m => <m.TrafficCard />),
  },
});
