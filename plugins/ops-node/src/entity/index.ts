export { resolveOpsEntity } from './resolveOpsEntity';
export type {
  ResolveOpsEntityOptions,
  ResolvedOpsEntity,
} from './resolveOpsEntity';
export { missingAnnotation, invalidAnnotation } from './notConfigured';
export { opsKubernetesTarget, DNS1123_LABEL_RULE } from './kubernetesTarget';
export { opsKongServiceNames } from './kongServiceNames';
