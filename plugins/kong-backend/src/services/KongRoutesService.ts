import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  applyKongWarnings,
  KongRoutesResponse,
} from '@internal/plugin-kong-common';
import {
  isOpsNotConfigured,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import {
  opsKongServiceNames,
  OpsEntityCache,
  opsKubernetesTarget,
  resolveOpsEntity,
  UpstreamError,
} from '@internal/plugin-ops-node';
import { KongSource, KongTarget } from '../sources/types';

/** Options of {@link KongRoutesService}. */
export interface KongRoutesServiceOptions {
  source: KongSource;
  catalog: CatalogService;
  /** The entity reads shared with the other ops backends of the process. */
  entityCache?: OpsEntityCache;
  /** Number of Kong proxy nodes, for the per-node rate limit warning. */
  proxyReplicas?: number;
  /** Where upstream failures are logged with the upstream's URL. */
  logger?: LoggerService;
}

/**
 * The Kong card's data for one entity: reads the entity once through the shared resolver (as the
 * caller), reads its Kong configuration from the configured source and applies the warning rules.
 * A missing kubernetes-id, a kubernetes-id or namespace that is not a DNS-1123 label and an
 * invalid Kong service name in `ops-portal/kong-service` are checked before any request and
 * answered with the shared not-configured body (the card's empty state), with the reason. Upstream failures
 * are a 503 naming the system and the cause; the upstream's URL goes to the log only.
 */
export class KongRoutesService {
  constructor(private readonly options: KongRoutesServiceOptions) {}

  async routesForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<KongRoutesResponse | OpsNotConfigured> {
    const resolved = await resolveOpsEntity({
      catalog: this.options.catalog,
      credentials,
      entityRef,
      cache: this.options.entityCache,
    });
    const kubernetes = opsKubernetesTarget(
      resolved,
      'the Kong card finds the Kong services of its Kubernetes Service through it',
    );
    if (isOpsNotConfigured(kubernetes)) return kubernetes;
    const kongServices = opsKongServiceNames(resolved);
    if (isOpsNotConfigured(kongServices)) return kongServices;
    const target: KongTarget = {
      ...kubernetes,
      kongServices,
    };
    const { source, proxyReplicas } = this.options;
    let result;
    try {
      result = await source.read(target);
    } catch (error) {
      // A 503 naming the system; its URL goes to the log only.
      if (error instanceof UpstreamError) {
        this.options.logger?.warn(`Kong card: ${error.logMessage}`);
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
