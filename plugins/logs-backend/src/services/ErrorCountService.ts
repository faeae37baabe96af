import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isOpsNotConfigured,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import {
  OpsEntityCache,
  opsKubernetesTarget,
  ReadThroughCache,
  readThroughCacheKey,
  resolveOpsEntity,
} from '@internal/plugin-ops-node';
import { ElasticsearchClient } from './ElasticsearchClient';
import { buildErrorCountQuery, EsQuery } from './errorCountQuery';
import { LogsBackendConfig } from './readLogsBackendConfig';

/** Default lifetime of a cached error count, in seconds (`opsPortal.logs.cacheTtlSeconds`). @public */
export const DEFAULT_LOGS_CACHE_TTL_SECONDS = 15;

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
 * kubernetes-id the shared not-configured answer. With `reads`, the count of one query (index,
 * namespace, app label, window) comes from Backstage's cache for its TTL, shared by every replica;
 * the entity check above still runs on every request.
 * @public
 */
export class ErrorCountService {
  private readonly client?: ElasticsearchClient;

  constructor(
    private readonly options: {
      config: LogsBackendConfig;
      catalog: CatalogService;
      /** The entity reads shared with the other ops backends of the process. */
      entityCache?: OpsEntityCache;
      /** The plugin's CacheService reads; without it every request asks Elasticsearch. */
      reads?: ReadThroughCache;
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
      cache: this.options.entityCache,
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
    const client = this.client;
    const { reads } = this.options;
    const count = reads
      ? await reads.read(
          readThroughCacheKey(
            ['error-count', this.options.config.elasticsearch?.index ?? ''],
            JSON.stringify(query),
          ),
          () => client.count(query),
        )
      : await client.count(query);
    return { count, query };
  }
}
