import { randomBytes } from 'node:crypto';
import { kubeTimestamp, randomNameSuffix } from '../cluster/kubeNames';
import { ClusterStore, KubeObject } from '../cluster/types';
import {
  controllerReference,
  isOwnedBy,
  requireType,
} from './controllerSupport';

/** The single node every sandbox pod runs on. */
export const SANDBOX_NODE = 'sandbox-node';

let nextPodIp = 0;

/** Pod IPs from 10.244.0.0/16, the range kubeadm clusters commonly use. */
function allocatePodIp(): string {
  nextPodIp = (nextPodIp + 1) % 65024;
  return `10.244.${Math.floor(nextPodIp / 254)}.${(nextPodIp % 254) + 1}`;
}

/** What a kubelet reports for a pod whose containers all started and passed readiness. */
export function runningPodStatus(spec: any) {
  const now = kubeTimestamp();
  const ready = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: 'Running',
    conditions: [
      ready('PodReadyToStartContainers'),
      ready('Initialized'),
      ready('Ready'),
      ready('ContainersReady'),
      ready('PodScheduled'),
    ],
    hostIP: '10.0.0.10',
    hostIPs: [{ ip: '10.0.0.10' }],
    podIP: allocatePodIp(),
    startTime: now,
    qosClass: 'BestEffort',
    containerStatuses: (spec?.containers ?? []).map((container: any) => ({
      name: container.name,
      image: container.image,
      imageID: '',
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
      lastState: {},
    })),
  };
}

/** A running pod owned by a controller, with the template's metadata and spec. */
export function makePod(options: {
  owner: KubeObject;
  name: string;
  template: any;
  extraLabels?: Record<string, string>;
}): KubeObject {
  const { owner, name, template, extraLabels } = options;
  const spec = {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    ...structuredClone(template?.spec ?? {}),
    nodeName: SANDBOX_NODE,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...template?.metadata?.labels, ...extraLabels },
      ...(template?.metadata?.annotations && {
        annotations: { ...template.metadata.annotations },
      }),
      ownerReferences: [controllerReference(owner)],
    },
    spec,
    status: runningPodStatus(spec),
  };
}

/** The pods a controller owns, oldest name first. */
export function podsOwnedBy(
  store: ClusterStore,
  owner: KubeObject,
): KubeObject[] {
  const pods = requireType(store, 'v1', 'Pod');
  return store
    .list(pods, { namespace: owner.metadata.namespace })
    .filter(pod => isOwnedBy(pod, owner));
}

/** True for a pod the sandbox kubelet considers ready. */
export function isPodReady(pod: KubeObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
  );
}

/**
 * Brings the pods of a ReplicaSet-like owner to `replicas`: creates the missing ones with random
 * name suffixes and deletes the surplus. Returns the pods that remain.
 */
export function scalePods(
  store: ClusterStore,
  owner: KubeObject,
  replicas: number,
  template: any,
): KubeObject[] {
  const podType = requireType(store, 'v1', 'Pod');
  const existing = podsOwnedBy(store, owner);
  for (const surplus of existing.slice(replicas)) {
    store.delete(podType, surplus.metadata.namespace, surplus.metadata.name);
  }
  const kept = existing.slice(0, replicas);
  while (kept.length < replicas) {
    const name = `${owner.metadata.name}-${randomNameSuffix()}`;
    if (!store.get(podType, owner.metadata.namespace, name)) {
      kept.push(store.create(makePod({ owner, name, template })));
    }
  }
  return kept;
}
