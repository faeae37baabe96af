import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { KongRoutesResponse } from '@internal/plugin-kong-common';
import type { OpsNotConfigured } from '@internal/plugin-ops-common';

/** The Kong card's view of the `kong` backend plugin. @public */
export interface KongApi {
  /** The entity's Kong routes, plugins and upstreams, or the annotation it lacks. */
  getRoutes(entityRef: string): Promise<KongRoutesResponse | OpsNotConfigured>;
}

/** The {@link KongApi} (`api:kong`). @public */
export const kongApiRef = createApiRef<KongApi>({ id: 'plugin.kong.api' });

/**
 * Calls the portal's `kong` backend plugin with the signed-in user's token (`fetchApi`). The
 * browser never talks to Kong or to the cluster.
 *
 * @public
 */
export class KongClient implements KongApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getRoutes(
    entityRef: string,
  ): Promise<KongRoutesResponse | OpsNotConfigured> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('kong');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/routes?entityRef=${encodeURIComponent(entityRef)}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
