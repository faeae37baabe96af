import { kubeTimestamp } from '../cluster/kubeNames';
import { millicores } from '../cluster/quantities';
import { parseLabelSelector } from '../cluster/labelSelector';
import { ClusterStore, KubeObject } from '../cluster/types';
import { SANDBOX_UTILIZATION_PERCENT } from '../controller/horizontalPodAutoscalers';

const DEFAULT_CPU_REQUEST_MILLICORES = 100;
const MEMORY_USAGE_KIB = 64 * 1024;

/**
 * A container's usage at the sandbox's fixed utilization of its CPU request, in the units
 * metrics-server reports (nanocores, KiB), so that `topPods` and HPA status tell the same story.
 */
function containerUsage(container: any) {
  const request =
    millicores(container?.resources?.requests?.cpu) ??
    DEFAULT_CPU_REQUEST_MILLICORES;
  const nanocores = Math.round(
    (request * SANDBOX_UTILIZATION_PERCENT * 1_000_000) / 100,
  );
  return { cpu: `${nanocores}n`, memory: `${MEMORY_USAGE_KIB}Ki` };
}

function podMetrics(pod: KubeObject) {
  return {
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      ...(pod.metadata.labels && { labels: pod.metadata.labels }),
      creationTimestamp: kubeTimestamp(),
    },
    timestamp: kubeTimestamp(),
    window: '30s',
    containers: (pod.spec?.containers ?? []).map((c: any) => ({
      name: c.name,
      usage: containerUsage(c),
    })),
  };
}

/**
 * `GET /apis/metrics.k8s.io/v1beta1[/namespaces/{ns}]/pods`: a PodMetricsList for the running
 * pods, as metrics-server serves it. Throws LabelSelectorParseError for a malformed selector.
 */
export function podMetricsList(
  store: ClusterStore,
  namespace: string | undefined,
  labelSelector: string | undefined,
) {
  parseLabelSelector(labelSelector);
  const podType = store.typeFor('v1', 'Pod')!;
  const items = store
    .list(podType, { namespace, labelSelector })
    .filter(pod => pod.status?.phase === 'Running')
    .map(podMetrics);
  return {
    kind: 'PodMetricsList',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {},
    items,
  };
}
