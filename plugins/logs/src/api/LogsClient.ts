import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { OpsNotConfigured } from '@internal/plugin-ops-common';

/** What the logs backend answers for an error count. @public */
export type ErrorCountResponse =
  | { disabled: true }
  | OpsNotConfigured
  | { count: number; query: unknown };

/** The logs backend, as the Logs card uses it. @public */
export interface LogsApi {
  /** The number of the entity's error lines in the window, from Elasticsearch. */
  getErrorCount(request: {
    entityRef: string;
    from: Date;
    to: Date;
  }): Promise<ErrorCountResponse>;
}

/** The Logs card's API (`api:logs`). @public */
export const logsApiRef = createApiRef<LogsApi>({ id: 'plugin.logs.api' });

/**
 * {@link LogsApi} over the logs backend plugin: `discoveryApi` finds it, `fetchApi` carries the
 * user's Backstage token.
 * @public
 */
export class LogsClient implements LogsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getErrorCount(request: {
    entityRef: string;
    from: Date;
    to: Date;
  }): Promise<ErrorCountResponse> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('logs');
    const params = new URLSearchParams({
      entityRef: request.entityRef,
      from: request.from.toISOString(),
      to: request.to.toISOString(),
    });
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/error-count?${params}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
