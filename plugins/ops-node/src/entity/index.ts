export { resolveOpsEntity } from './resolveOpsEntity';
export type {
  ResolveOpsEntityOptions,
  ResolvedOpsEntity,
} from './resolveOpsEntity';
export { missingAnnotation, invalidAnnotation } from './notConfigured';
export { opsKubernetesTarget, DNS1123_LABEL_RULE } from './kubernetesTarget';
export { opsKongServiceNames } from './kongServiceNames';
export { OpsEntityCache } from './OpsEntityCache';
export type { OpsEntityCacheOptions } from './OpsEntityCache';
export {
  opsEntityCacheServiceRef,
  DEFAULT_ENTITY_CACHE_TTL_SECONDS,
} from './opsEntityCacheServiceRef';
