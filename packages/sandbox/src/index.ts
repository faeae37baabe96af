/**
 * The local platform: loopback stand-ins for the Kubernetes API, a git server, Argo CD and the
 * Keycloak Admin API, plus a traffic simulator that exposes Kong, Istio and kube-state-metrics
 * series for Prometheus. A test double for development and tests; never part of a production
 * deployment.
 *
 * @packageDocumentation
 */

export { Sandbox } from './Sandbox';
export type { SandboxStartOptions, SandboxUrls } from './Sandbox';
export {
  KEYCLOAK_DEFAULTS,
  METRICS_DEFAULT_URL,
  loadSandboxConfig,
  readSandboxConfig,
} from './config';
export type {
  LoadSandboxConfigOptions,
  SandboxConfig,
  SandboxCustomResource,
  SandboxEndpoint,
} from './config';
export { PortInUseError } from './listen';
export { GitServer } from './git/GitServer';
export type { GitServerOptions } from './git/GitServer';
export {
  acceptPushes,
  DEFAULT_REJECT_MESSAGE,
  rejectPushes,
} from './git/pushHooks';
export { KeycloakStore } from './keycloak/KeycloakStore';
export type {
  ClientQuery,
  KeycloakRealm,
  KeycloakUser,
} from './keycloak/KeycloakStore';
export type { ClientRepresentation } from './keycloak/clientRepresentation';
export type { ProtocolMapperRepresentation } from './keycloak/protocolMappers';
export { createKeycloakRouter } from './keycloak/createKeycloakRouter';
export type { KeycloakRouterOptions } from './keycloak/createKeycloakRouter';
export {
  createSeededKeycloakStore,
  SEED_SERVICE_CLIENTS,
} from './keycloak/seedKeycloak';
export type { KeycloakSeed } from './keycloak/seedKeycloak';
export { TRAFFIC_DEFAULTS, TrafficSimulator } from './traffic/TrafficSimulator';
export type {
  TrafficSettings,
  TrafficSimulatorOptions,
} from './traffic/TrafficSimulator';
export type { KongNaming } from './traffic/kongNames';
export { prometheusScrapeConfig } from './traffic/prometheusConfig';

// The stand-ins on their own, for tests that run them without the whole sandbox: the contract
// suites of `@internal/platform-contracts` and the plugins' tests.
export { MemoryClusterStore } from './cluster/MemoryClusterStore';
export { startSandboxKubernetesTarget } from './kube/sandboxKubeTarget';
export type { SandboxKubernetesTarget } from './kube/sandboxKubeTarget';
export { startSandboxArgoCdTarget } from './argocd/sandboxArgoCdTarget';
export type { SandboxArgoCdTarget } from './argocd/sandboxArgoCdTarget';
export { OPERATION_DELAY_ANNOTATION as ARGOCD_OPERATION_DELAY_ANNOTATION } from './argocd/OperationTimers';
export type { KubeObject } from './cluster/types';
export { SEED_AUTHOR } from './git/seedRepository';
export {
  createElasticsearchRouter,
  createSeededElasticsearchStore,
  ElasticsearchStore,
  FLUENTD_LOG_INDEX_TEMPLATE,
  SEED_LOG_SERVICES,
  seedLogDocuments,
  seedLogEntries,
} from './elasticsearch';
export type {
  ElasticsearchRouterOptions,
  ElasticsearchStoreOptions,
  NamedIndexTemplate,
  SeedLogEntry,
  SeedService,
} from './elasticsearch';
