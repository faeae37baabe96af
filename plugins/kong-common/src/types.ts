/**
 * The Kong card's data: what `GET /api/kong/routes` answers. Shared by the `kong` backend plugin
 * (which builds it from the cluster's Kong Ingress Controller resources or from the Kong Admin
 * API) and the `kong` frontend plugin (which renders it).
 */

/** Where the backend read the entity's Kong configuration. @public */
export type KongDataSource = 'kubernetes' | 'admin-api';

/** One Kong route of the entity. @public */
export interface KongRouteSummary {
  /** Kong's route name (for the kubernetes source, the name KIC 3.x gives the route). */
  name: string;
  /** The Kong service the route belongs to; KIC names it `<namespace>.<service>.pnum-<port>`. */
  kongService: string;
  paths: string[];
  hosts: string[];
  /** Empty means every method. */
  methods: string[];
  stripPath: boolean;
  preserveHost: boolean;
  protocols: string[];
  /** The Kubernetes Service (or upstream host) and port the route forwards to. */
  backend: { service: string; port: number | string };
}

/** Where a plugin is attached. @public */
export type KongPluginScope = 'route' | 'service' | 'global';

/** A plugin setting value as the card shows it. @public */
export type KongSettingValue = string | number | boolean | string[];

/** One plugin that applies to the entity's routes, with its key settings only (never secrets). @public */
export interface KongPluginSummary {
  /** The plugin object's name (KongPlugin/KongClusterPlugin name, or the Admin API plugin id). */
  name: string;
  /** The Kong plugin: `rate-limiting`, `prometheus`, `oidc`, `jwt`, `key-auth`, `tcp-log`, ... */
  plugin: string;
  scope: KongPluginScope;
  /** Names of the entity's routes the plugin runs on. */
  appliesTo: string[];
  enabled: boolean;
  settings: Record<string, KongSettingValue>;
  warnings: string[];
}

/** A target's health as Kong (or, for the kubernetes source, pod readiness) reports it. @public */
export type KongTargetHealth =
  | 'healthy'
  | 'unhealthy'
  | 'dns_error'
  | 'healthchecks_off'
  | 'unknown';

/** Where a target's health came from. @public */
export type KongHealthSource =
  | 'admin-api'
  | 'endpointslices'
  | 'endpoints'
  | 'pods';

/** A Kong upstream and its targets. @public */
export interface KongUpstreamSummary {
  name: string;
  healthSource: KongHealthSource;
  targets: Array<{ target: string; health: KongTargetHealth }>;
}

/** The answer of `GET /api/kong/routes?entityRef=...`. @public */
export interface KongRoutesResponse {
  source: KongDataSource;
  routes: KongRouteSummary[];
  plugins: KongPluginSummary[];
  upstreams: KongUpstreamSummary[];
  /** Findings about the whole entity (e.g. no prometheus plugin). */
  warnings: string[];
}
