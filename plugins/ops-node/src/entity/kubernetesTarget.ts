import {
  isDns1123Label,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  OpsKubernetesTarget,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import { invalidAnnotation, missingAnnotation } from './notConfigured';
import { ResolvedOpsEntity } from './resolveOpsEntity';

/** The rule both Kubernetes annotations must pass, as the not-configured message states it. */
export const DNS1123_LABEL_RULE =
  "it must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)";

/**
 * Where a resolved entity's workloads live (`backstage.io/kubernetes-id` and
 * `backstage.io/kubernetes-namespace`, default `default`), or the not-configured answer when the
 * kubernetes-id is missing or either value is not a DNS-1123 label. `usedFor` says in the message
 * what the endpoint needs the kubernetes-id for.
 * @public
 */
export function opsKubernetesTarget(
  resolved: ResolvedOpsEntity,
  usedFor: string,
): OpsKubernetesTarget | OpsNotConfigured {
  const annotations = resolved.entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
  if (!kubernetesId) {
    return missingAnnotation(
      resolved.entityRef,
      KUBERNETES_ID_ANNOTATION,
      usedFor,
    );
  }
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] ?? 'default';
  for (const [annotation, value] of [
    [KUBERNETES_ID_ANNOTATION, kubernetesId],
    [KUBERNETES_NAMESPACE_ANNOTATION, namespace],
  ]) {
    if (!isDns1123Label(value)) {
      return invalidAnnotation(
        resolved.entityRef,
        annotation,
        value,
        DNS1123_LABEL_RULE,
      );
    }
  }
  return { kubernetesId, namespace };
}
