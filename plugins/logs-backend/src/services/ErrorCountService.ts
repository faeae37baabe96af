import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  kubernetesTargetForEntity,
} from '@internal/plugin-ops-common';
import { ElasticsearchClient } from './ElasticsearchClient';
import { buildErrorCountQuery, EsQuery } from './errorCountQuery';
import { LogsBackendConfig } from './readLogsBackendConfig';

/** What `GET /error-count` answers. @public */
export type ErrorCountResult =
  | { disabled: true }
  | { count: number; query: EsQuery };

/** Input of {@link ErrorCountService.countErrors}. @public */
export interface ErrorCountRequest {
  entityRef: string;
  from: Date;
  to: Date;
  credentials: BackstageCredentials;
}

/**
 * Counts a service's error lines in a window. The entity is read from the catalog with the
 * caller's credentials, so the namespace and app label come from its annotations, not from the
 * request; a caller who cannot see the entity gets a 404.
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
    const entity = await this.options.catalog.getEntityByRef(
      request.entityRef,
      { credentials: request.credentials },
    );
    if (!entity) {
      throw new NotFoundError(`Entity ${request.entityRef} not found`);
    }
    const target = kubernetesTargetForEntity(entity);
    if (!target) {
      throw new InputError(
        `Entity ${stringifyEntityRef(
          entity,
        )} has no valid ${KUBERNETES_ID_ANNOTATION} annotation`,
      );
    }
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
