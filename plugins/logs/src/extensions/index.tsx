import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import { LogsClient, logsApiRef } from '../api';

/**
 * The logs backend client (`api:logs`): `discoveryApi` + `fetchApi`, the user's token.
 * @public
 */
export const logsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: logsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LogsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Logs card on the Ops tab (`ops-card:logs`).
 * @public
 */
export const logsCard = OpsCardBlueprint.make({
  params: {
    loader: () => import('../components/LogsCard').then(m => <m.LogsCard />),
  },
});
