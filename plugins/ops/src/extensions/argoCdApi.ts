import {
  ApiBlueprint,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import type { ConfigApi } from '@backstage/frontend-plugin-api';
import { OpsArgoCdClient, roadieArgoCdApiRef } from '../api';

function configuredInstances(configApi: ConfigApi): string[] {
  return (configApi.getOptionalConfigArray('argocd.appLocatorMethods') ?? [])
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map(instance => instance.getString('name'));
}

/**
 * Provides the Roadie `argoCDApiRef` (`api:ops/argocd`, bound through {@link roadieArgoCdApiRef},
 * its id) with a client of the portal's Argo CD backend plugin, so the Roadie cards work without
 * installing the Roadie frontend plugin and without Roadie's package in the entry bundle.
 *
 * @public
 */
export const argoCdApi = ApiBlueprint.make({
  name: 'argocd',
  params: defineParams =>
    defineParams({
      api: roadieArgoCdApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        configApi: configApiRef,
      },
      factory: ({ discoveryApi, fetchApi, configApi }) =>
        new OpsArgoCdClient({
          discoveryApi,
          fetchApi,
          useNamespacedApps: configApi.getOptionalBoolean(
            'argocd.namespacedApps',
          ),
          instances: configuredInstances(configApi),
        }),
    }),
});
