import {
  ApiBlueprint,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { argoCDApiRef } from '@roadiehq/backstage-plugin-argo-cd';
import type { ConfigApi } from '@backstage/frontend-plugin-api';
import { OpsArgoCdClient } from '../api';

function configuredInstances(configApi: ConfigApi): string[] {
  return (configApi.getOptionalConfigArray('argocd.appLocatorMethods') ?? [])
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map(instance => instance.getString('name'));
}

/**
 * Provides the Roadie `argoCDApiRef` (`api:ops/argocd`) with a client of the portal's Argo CD
 * backend plugin, so the Roadie cards work without installing the Roadie frontend plugin.
 *
 * @public
 */
export const argoCdApi = ApiBlueprint.make({
  name: 'argocd',
  params: defineParams =>
    defineParams({
      api: argoCDApiRef,
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
