import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  applyKongWarnings,
  KongMissingAnnotationResponse,
  KongRoutesResponse,
  KUBERNETES_ID_ANNOTATION,
  kubernetesTargetForEntity,
  OPS_ANNOTATIONS,
} from '@internal/plugin-ops-common';
import { KongSource, KongTarget, UpstreamError } from '../sources/types';

/** Options of {@link KongRoutesService}. */
export interface KongRoutesServiceOptions {
  source: KongSource;
  catalog: CatalogService;
  /** Number of Kong proxy nodes, for the per-node rate limit warning. */
  proxyReplicas?: number;
}

/**
 * The Kong card's data for one entity: finds the entity (as the caller), reads its Kong
 * configuration from the configured source and applies the warning rules.
 */
export class KongRoutesService {
  constructor(private readonly options: KongRoutesServiceOptions) {}

  async routesForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<KongRoutesResponse | KongMissingAnnotationResponse> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(`Invalid entityRef '${entityRef}': ${error}`);
    }
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    const annotations = entity.metadata.annotations ?? {};
    if (!annotations[KUBERNETES_ID_ANNOTATION]) {
      return { missingAnnotation: KUBERNETES_ID_ANNOTATION };
    }
    const kubernetes = kubernetesTargetForEntity(entity);
    if (!kubernetes) {
      throw new InputError(
        `Entity ${ref} has a kubernetes-id or kubernetes-namespace annotation that is not a DNS-1123 label`,
      );
    }
    const target: KongTarget = {
      ...kubernetes,
      kongServices: (annotations[OPS_ANNOTATIONS.kongService] ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    };
    const { source, proxyReplicas } = this.options;
    let result;
    try {
      result = await source.read(target);
    } catch (error) {
      if (error instanceof UpstreamError) {
        throw new ServiceUnavailableError(error.message);
      }
      throw error;
    }
    const checked = applyKongWarnings(result.plugins, {
      kongReplicas: result.kongReplicas ?? proxyReplicas,
    });
    return {
      source: source.kind,
      routes: result.routes,
      plugins: checked.plugins,
      upstreams: result.upstreams,
      warnings: [...result.warnings, ...checked.warnings],
    };
  }
}
