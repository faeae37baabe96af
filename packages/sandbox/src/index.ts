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
export {
  describeKeycloakContractSuite,
  KEYCLOAK_BUILTIN_CLIENTS,
} from './keycloak/contract/keycloakContract';
export type { KeycloakContractTarget } from './keycloak/contract/keycloakContract';
export { TRAFFIC_DEFAULTS, TrafficSimulator } from './traffic/TrafficSimulator';
export type {
  TrafficSettings,
  TrafficSimulatorOptions,
} from './traffic/TrafficSimulator';
export type { KongNaming } from './traffic/kongNames';
export { prometheusScrapeConfig } from './traffic/prometheusConfig';

// Test support: the Kubernetes API contract suite, run against the sandbox (its own tests) and a
// real kube-apiserver (packages/real-infra). Never used by the sandbox's own processes.
export {
  collectionPath as kubernetesContractCollectionPath,
  contractKubeConfig as kubernetesContractKubeConfig,
  createContractNamespace as createKubernetesContractNamespace,
  describeKubernetesContract,
  PORTAL_COLLECTIONS as KUBERNETES_CONTRACT_PORTAL_COLLECTIONS,
  seedWorkload as seedKubernetesContractWorkload,
} from './kube/contract/kubernetesContract';
export type { SeededWorkload as KubernetesContractSeededWorkload } from './kube/contract/kubernetesContract';
export { kubeHttp as kubernetesContractHttp } from './kube/contract/kubeHttp';
export type {
  KubeHttpResponse as KubernetesContractHttpResponse,
  KubernetesContractTarget,
} from './kube/contract/kubeHttp';
export { startSandboxKubernetesTarget } from './kube/contract/sandboxKubeTarget';
export type { SandboxKubernetesTarget } from './kube/contract/sandboxKubeTarget';

// Test support: the Elasticsearch contract suite, run against the stand-in (its own tests) and a
// real Elasticsearch (packages/real-infra). Never used by the sandbox's own processes.
export {
  describeElasticsearchContract,
  ELASTICSEARCH_CONTRACT_DYNAMIC_INDEX,
  ELASTICSEARCH_CONTRACT_NOW,
  elasticsearchContractSeed,
} from './elasticsearch/contract/elasticsearchContract';
export type {
  ElasticsearchContractSeed,
  ElasticsearchContractTarget,
} from './elasticsearch/contract/elasticsearchContract';
export { startSandboxElasticsearchTarget } from './elasticsearch/contract/sandboxElasticsearchTarget';
export type { SandboxElasticsearchTarget } from './elasticsearch/contract/sandboxElasticsearchTarget';
export { FLUENTD_LOG_INDEX_TEMPLATE, seedLogEntries } from './elasticsearch';
export type { NamedIndexTemplate, SeedLogEntry } from './elasticsearch';
