/**
 * Shared backend code of the ops portal plugins and modules: the one Argo CD API client, the
 * upstream error type and fetch helper (`fetchUpstream`), the Kubernetes client set-up and its
 * error mapping, the git CLI runner and the one writer of the GitOps repository
 * (`GitRepositoryWriter`: shallow clone, read, commit, compare-and-swap push) and the readers of the
 * config blocks several plugins share (`opsPortal.gitops`, the clusters of
 * `kubernetes.clusterLocatorMethods`, the instances of `argocd.appLocatorMethods`)
 * and the writer credentials kept apart from those read-only ones (`opsPortal.kubernetes.writers`,
 * `opsPortal.argocd.writers`), and the one entity resolver of the ops backends
 * (`resolveOpsEntity`) with the shared not-configured answers, and the read-through cache of
 * upstream reads on Backstage's CacheService (`ReadThroughCache`), shared by every replica; the
 * wording of a GitOps repository failure (`gitOpsFailure`, `gitOpsPushRefused`), a plugin's
 * temporary work directory (`pluginWorkDir`), and the start and the conflict answer of a route that
 * changes something (`parseMutationBody`, `StateConflictError` with `stateConflictHandler`).
 *
 * @packageDocumentation
 */
export { GitCli, GitCommandError } from './gitops/GitCli';
export type { GitCliOptions } from './gitops/GitCli';
export { GitRepositoryWriter } from './gitops/GitRepositoryWriter';
export type {
  GitFileChange,
  GitFileDiff,
  GitPushResult,
  GitRepositoryWriterOptions,
  GitTreeFile,
} from './gitops/GitRepositoryWriter';
export { gitOpsFailure, gitOpsPushRefused } from './gitops/gitOpsFailure';
export { pluginWorkDir } from './gitops/pluginWorkDir';
export { gitOpsCommitUrl, readGitOpsConfig } from './gitops/readGitOpsConfig';
export { parseMutationBody } from './router/parseMutationBody';
export {
  StateConflictError,
  stateConflictHandler,
} from './router/stateConflict';
export type {
  StateConflictBody,
  StateConflictResponse,
} from './router/stateConflict';
export type {
  MutationBodySchema,
  MutationCaller,
  MutationHttpRequest,
  ParseMutationBodyOptions,
} from './router/parseMutationBody';
export { repositoryDirectory, sameRepository } from './gitops/repositoryPaths';
export { KeyedMutex } from './concurrency/KeyedMutex';
export type { GitOpsSettings, PublishMode } from './gitops/readGitOpsConfig';
export { readConfiguredCluster } from './config/readConfiguredCluster';
export type { ConfiguredCluster } from './config/readConfiguredCluster';
export { readArgoCdInstance } from './config/readArgoCdInstance';
export type { ArgoCdInstance } from './config/readArgoCdInstance';
export {
  readClusterWriter,
  CLUSTER_WRITERS_KEY,
} from './config/readClusterWriter';
export type { ClusterWriter } from './config/readClusterWriter';
export {
  readArgoCdWriter,
  ARGOCD_WRITERS_KEY,
} from './config/readArgoCdWriter';
export { writerCredentialsRequired } from './config/writerCredentials';
export { readConfigChoice, requireConfigBlock } from './config/configValues';
export { clusterApiConfiguration } from './kubernetes/clusterApiConfiguration';
export {
  describeKubernetesFailure,
  kubernetesApiStatus,
  kubernetesUpstreamError,
} from './kubernetes/kubernetesFailure';
export type { KubernetesFailure } from './kubernetes/kubernetesFailure';
export { UpstreamError, withoutUrls } from './errors/UpstreamError';
export {
  fetchUpstream,
  fetchUpstreamJson,
  fetchUpstreamText,
} from './http/fetchUpstream';
export type { FetchUpstreamOptions } from './http/fetchUpstream';
export {
  ReadThroughCache,
  readThroughCacheKey,
  readCacheTtlSeconds,
} from './cache/ReadThroughCache';
export type { ReadThroughCacheOptions } from './cache/ReadThroughCache';
export { ArgoCdClient } from './argocd/ArgoCdClient';
export type {
  ArgoCdCallOptions,
  ArgoCdClientOptions,
  ArgoCdProjectOption,
  ArgoCdRollbackOptions,
  ArgoCdSyncOptions,
} from './argocd/ArgoCdClient';
export { argoCdApplicationPath } from './argocd/applicationPath';
export type {
  ArgoApplication,
  ArgoApplicationManifest,
  ArgoApplicationSource,
  ArgoApplicationSpec,
  ArgoOperation,
  ArgoOperationInitiator,
  ArgoOperationState,
  ArgoRevisionHistory,
  ArgoRevisionMetadata,
  ArgoSyncResourceResult,
} from './argocd/ArgoApplication';
export {
  resolveOpsEntity,
  missingAnnotation,
  invalidAnnotation,
  opsKubernetesTarget,
  opsKongServiceNames,
  DNS1123_LABEL_RULE,
  OpsEntityCache,
  opsEntityCacheServiceRef,
  DEFAULT_ENTITY_CACHE_TTL_SECONDS,
} from './entity';
export type {
  ResolveOpsEntityOptions,
  ResolvedOpsEntity,
  OpsEntityCacheOptions,
} from './entity';
