import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import { MetricsClient, metricsApiRef } from '@internal/plugin-metrics-react';

/**
 * The `MetricsApi` (`api:metrics`): a `MetricsClient` over the user's fetch.
 * @public
 */
export const metricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: metricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MetricsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The golden signals of the service on the Ops tab (`ops-card:metrics/golden-signals`).
 * @public
 */
export const goldenSignalsCard = OpsCardBlueprint.make({
  name: 'golden-signals',
  params: {
    width: 'full',
    loader: () =>
      import('./components/GoldenSignalsCard').then(m => (
        <m.GoldenSignalsCard />
      )),
  },
});
