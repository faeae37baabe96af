import {
  KongDataSource,
  KongPluginSummary,
  KongRouteSummary,
  KongUpstreamSummary,
} from '@internal/plugin-kong-common';

/** The entity's platform objects, from its annotations. */
export interface KongTarget {
  /** `backstage.io/kubernetes-id`. */
  kubernetesId: string;
  /** `backstage.io/kubernetes-namespace`, default `default`. */
  namespace: string;
  /** `ops-portal/kong-service`: Kong service names, when the entity names them. */
  kongServices: string[];
}

/** What a source found, before the warning rules run. */
export interface KongSourceResult {
  routes: KongRouteSummary[];
  plugins: KongPluginSummary[];
  upstreams: KongUpstreamSummary[];
  warnings: string[];
  /** Number of Kong proxy nodes, when the source can tell. */
  kongReplicas?: number;
}

/** Reads an entity's Kong routes, plugins and upstreams from one system. */
export interface KongSource {
  readonly kind: KongDataSource;
  read(target: KongTarget): Promise<KongSourceResult>;
}
