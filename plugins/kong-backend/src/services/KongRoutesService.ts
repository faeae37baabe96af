import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
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
import { parseKongServiceAnnotation } from '../sources/adminApi/kongNames';
import { KongSource, KongTarget, UpstreamError } from '../sources/types';
import { withoutUrls } from './withoutUrls';

/** The answer for an entity whose `ops-portal/kong-service` annotation names an invalid service. */
export type KongInvalidAnnotationResponse = KongMissingAnnotationResponse & {
  message: string;
};

/** Options of {@link KongRoutesService}. */
export interface KongRoutesServiceOptions {
  source: KongSource;
  catalog: CatalogService;
  /** Number of Kong proxy nodes, for the per-node rate limit warning. */
  proxyReplicas?: number;
  /** Where upstream failures are logged with the upstream's URL. */
  logger?: LoggerService;
}

/**
 * The Kong card's data for one entity: finds the entity (as the caller), reads its Kong
 * configuration from the configured source and applies the warning rules. Kong service names from
 * the `ops-portal/kong-service` annotation are checked before any request: an invalid one is
 * answered like a missing annotation (the card's empty state), with the reason. Upstream failures
 * are a 503 naming the system and the cause; the upstream's URL goes to the log only.
 */
export class KongRoutesService {
  constructor(private readonly options: KongRoutesServiceOptions) {}

  async routesForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<
    | KongRoutesResponse
    | KongMissingAnnotationResponse
    | KongInvalidAnnotationResponse
  > {
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
    const kongServices = parseKongServiceAnnotation(
      annotations[OPS_ANNOTATIONS.kongService],
    );
    if (kongServices.invalid.length > 0) {
      return {
        missingAnnotation: OPS_ANNOTATIONS.kongService,
        message: `${ref} has an invalid ${
          OPS_ANNOTATIONS.kongService
        } annotation: ${kongServices.invalid
          .map(name => `'${name.slice(0, 100)}'`)
          .join(
            ', ',
          )} is not a Kong service name (letters, digits, '.', '-', '_', '~', starting with a letter or digit)`,
      };
    }
    const target: KongTarget = {
      ...kubernetes,
      kongServices: kongServices.names,
    };
    const { source, proxyReplicas } = this.options;
    let result;
    try {
      result = await source.read(target);
    } catch (error) {
      if (error instanceof UpstreamError) {
        this.options.logger?.warn(
          `Kong card: ${error.message}${
            error.upstreamUrl ? ` (${error.upstreamUrl})` : ''
          }`,
        );
        throw new ServiceUnavailableError(withoutUrls(error.message));
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
