/**
 * The contract suites of the local platform: what the portal relies on from the Kubernetes API,
 * Keycloak's Admin API, Elasticsearch and Argo CD's operations API, declared once and run against
 * the sandbox's stand-ins (this package's tests) and the real servers (`packages/real-infra`,
 * where it has them). A suite takes its target and, where it runs a part of the portal, that part
 * as a parameter: this package imports no portal plugin.
 *
 * @packageDocumentation
 */

export {
  collectionPath as kubernetesContractCollectionPath,
  contractKubeConfig as kubernetesContractKubeConfig,
  createContractNamespace as createKubernetesContractNamespace,
  describeKubernetesContract,
  PORTAL_COLLECTIONS as KUBERNETES_CONTRACT_PORTAL_COLLECTIONS,
  seedWorkload as seedKubernetesContractWorkload,
} from './kube/kubernetesContract';
export type { SeededWorkload as KubernetesContractSeededWorkload } from './kube/kubernetesContract';
export {
  kubeApiRequest,
  kubeHttp as kubernetesContractHttp,
} from './kube/kubeHttp';
export type {
  KubeApiRequestOptions,
  KubeHttpResponse as KubernetesContractHttpResponse,
  KubernetesContractTarget,
} from './kube/kubeHttp';

export {
  describeKeycloakContractSuite,
  KEYCLOAK_BUILTIN_CLIENTS,
} from './keycloak/keycloakContract';
export type { KeycloakContractTarget } from './keycloak/keycloakContract';

export {
  describeElasticsearchContract,
  ELASTICSEARCH_CONTRACT_DYNAMIC_INDEX,
  ELASTICSEARCH_CONTRACT_NOW,
  elasticsearchContractSeed,
} from './elasticsearch/elasticsearchContract';
export type {
  ElasticsearchContractCatalog,
  ElasticsearchContractErrorCount,
  ElasticsearchContractErrorCountFactory,
  ElasticsearchContractOptions,
  ElasticsearchContractSeed,
  ElasticsearchContractTarget,
} from './elasticsearch/elasticsearchContract';
export {
  SANDBOX_CONTRACT_API_KEY,
  startSandboxElasticsearchTarget,
} from './elasticsearch/sandboxElasticsearchTarget';
export type { SandboxElasticsearchTarget } from './elasticsearch/sandboxElasticsearchTarget';

export { describeArgoCdOperationsContract } from './argocd/argoCdOperationsContract';
export type { ArgoCdOperationsContractTarget } from './argocd/argoCdOperationsContract';
export { argoCdHttp, waitForApplication } from './argocd/argoCdHttp';
export type { ArgoCdEndpoint, ArgoCdHttpResponse } from './argocd/argoCdHttp';
