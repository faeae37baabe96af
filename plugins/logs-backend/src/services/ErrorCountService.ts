import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isOpsNotConfigured,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import {
  opsKubernetesTarget,
  resolveOpsEntity,
} from '@internal/plugin-ops-node';
import { ElasticsearchClient } from './ElasticsearchClient';
import { buildErrorCountQuery, EsQuery } from './errorCountQuery';
import { LogsBackendConfig } from './readLogsBackendConfig';

/** What `GET /error-count` answers. @public */
export type ErrorCountResult =
  | { disabled: true }
  | OpsNotConfigured
  | { count: number; query: EsQuery };

/** Input of {@link ErrorCountService.countErrors}. @public */
export interface ErrorCountRequest {
  entityRef: string;
  from: Date;
  to: Date;
  credentials: BackstageCredentials;
}

/**
 * Counts a service's error lines in a window. The entity is read once through the shared resolver
 * with the caller's credentials, so the namespace and app label come from its annotations, not
 * from the request; a caller who cannot see the entity gets a 404, an entity without a valid
 * kubernetes-id the shared not-configured answer.
 * @public
 */
export class ErrorCountService {
  private readonly client?: ElasticsearchClient;

  constructor(
    private readonly options: {
      config: LogsBackendConfig;
      catalog: CatalogService;
      fetchImpl?: typeof fetch;
    },
  ) {
    const { elasticsearch } = options.config;
    if (elasticsearch) {
      this.client = new ElasticsearchClient(elasticsearch, options.fetchImpl);
    }
  }

  async countErrors(request: ErrorCountRequest): Promise<ErrorCountResult> {
    if (!this.client) return { disabled: true };
    const resolved = await resolveOpsEntity({
      catalog: this.options.catalog,
      credentials: request.credentials,
      entityRef: request.entityRef,
    });
    const target = opsKubernetesTarget(
      resolved,
      'the error count selects its log lines by namespace and app label',
    );
    if (isOpsNotConfigured(target)) return target;
    const query = buildErrorCountQuery({
      fields: this.options.config.fields,
      target: { namespace: target.namespace, app: target.kubernetesId },
      from: request.from,
      to: request.to,
      keywordSuffix: this.options.config.elasticsearch?.keywordSuffix,
    });
    const count = await this.client.count(query);
    return { count, query };
  }
}
