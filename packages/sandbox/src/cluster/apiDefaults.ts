import { normalizeSecret } from './secretData';
import { KubeObject, ResourceType } from './types';

/** The kinds whose `spec.template` is a pod template the API server defaults like a Pod spec. */
const POD_TEMPLATE_KINDS = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
]);

function isKind(type: ResourceType, group: string, kind: string): boolean {
  return type.group === group && type.kind === kind;
}

/** `Always` for `:latest` or an untagged image, else `IfNotPresent`, as the API server defaults it. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string' || image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':')
    ? lastSegment.slice(lastSegment.indexOf(':') + 1)
    : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: any) {
  if (!container || typeof container !== 'object') return;
  for (const port of Array.isArray(container.ports) ? container.ports : []) {
    if (port && typeof port === 'object') port.protocol ??= 'TCP';
  }
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.imagePullPolicy ??= defaultPullPolicy(container.image);
}

/** The pod-spec defaults of a Pod or a pod template (templates get no scheduling defaults). */
function defaultPodSpec(spec: any, isPod: boolean) {
  if (!spec || typeof spec !== 'object') return;
  for (const list of ['initContainers', 'containers']) {
    for (const container of Array.isArray(spec[list]) ? spec[list] : []) {
      defaultContainer(container);
    }
  }
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  if (isPod) {
    // DefaultTolerationSeconds admission, and the Priority admission for pods without a class.
    const tolerations: any[] = Array.isArray(spec.tolerations)
      ? spec.tolerations
      : [];
    for (const key of [
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]) {
      if (!tolerations.some(t => t?.key === key)) {
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        });
      }
    }
    spec.tolerations = tolerations;
    spec.priority ??= 0;
    spec.enableServiceLinks ??= true;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  }
}

/** The QoS class the API server computes for a pod from its containers' requests and limits. */
export function podQosClass(
  spec: any,
): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: any[] = [
    ...(Array.isArray(spec?.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec?.containers) ? spec.containers : []),
  ];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    if (Object.keys(requests).length + Object.keys(limits).length > 0) {
      any = true;
    }
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) {
        guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * A Pod status as the API server returns it: conditions carry `lastProbeTime` and
 * `lastTransitionTime` (null when unset), container statuses a `lastState`, and `podIPs`
 * mirrors `podIP`.
 */
export function normalizePodStatus(status: any): void {
  if (!status || typeof status !== 'object') return;
  for (const condition of Array.isArray(status.conditions)
    ? status.conditions
    : []) {
    if (condition && typeof condition === 'object') {
      condition.lastProbeTime ??= null;
      condition.lastTransitionTime ??= null;
    }
  }
  for (const list of [
    'initContainerStatuses',
    'containerStatuses',
    'ephemeralContainerStatuses',
  ]) {
    for (const cs of Array.isArray(status[list]) ? status[list] : []) {
      if (cs && typeof cs === 'object') cs.lastState ??= {};
    }
  }
  if (typeof status.podIP === 'string' && status.podIP && !status.podIPs) {
    status.podIPs = [{ ip: status.podIP }];
  }
  if (typeof status.hostIP === 'string' && status.hostIP && !status.hostIPs) {
    status.hostIPs = [{ ip: status.hostIP }];
  }
}

/**
 * The defaults the real API server fills in on write for the kinds the portal displays, so the
 * sandbox returns the same shapes (the Kubernetes content shows a Deployment's strategy and
 * progress deadline, a container's pull policy, a Service's ports with their protocol, for
 * example). Only fields the object leaves unset are filled; a Secret's `stringData` is folded
 * into `data` as the API server does.
 */
export function applyApiDefaults(type: ResourceType, object: KubeObject): void {
  if (isKind(type, 'apps', 'Deployment')) {
    const spec = (object.spec ??= {});
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: 'RollingUpdate' };
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
  }
  if (POD_TEMPLATE_KINDS.has(`${type.group}/${type.kind}`)) {
    defaultPodSpec(object.spec?.template?.spec, false);
  }
  if (isKind(type, 'batch', 'CronJob')) {
    defaultPodSpec(object.spec?.jobTemplate?.spec?.template?.spec, false);
  }
  if (isKind(type, '', 'Pod')) {
    defaultPodSpec(object.spec, true);
    normalizePodStatus(object.status);
  }
  if (isKind(type, '', 'Secret')) {
    normalizeSecret(object);
  }
  if (isKind(type, '', 'Service')) {
    const spec = (object.spec ??= {});
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (port && typeof port === 'object') {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
    }
    if (spec.type !== 'ExternalName') {
      spec.internalTrafficPolicy ??= 'Cluster';
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
  }
  if (isKind(type, '', 'Namespace')) {
    const labels = (object.metadata.labels ??= {});
    labels['kubernetes.io/metadata.name'] = object.metadata.name;
  }
}

/**
 * The status an object of a kind with a status subresource gets when it is created through the
 * API: what the client sent is dropped (status belongs to controllers) and the API server's
 * initial status takes its place; undefined for custom resources, which start without status.
 */
export function initialStatus(
  type: ResourceType,
  object: KubeObject,
): unknown | undefined {
  const key = `${type.group}/${type.kind}`;
  switch (key) {
    case '/Pod':
      return { phase: 'Pending', qosClass: podQosClass(object.spec) };
    case '/Service':
    case 'networking.k8s.io/Ingress':
      return { loadBalancer: {} };
    case '/PersistentVolumeClaim':
    case '/PersistentVolume':
      return { phase: 'Pending' };
    case '/Namespace':
      return { phase: 'Active' };
    case '/ResourceQuota':
    case 'apps/Deployment':
    case 'apps/DaemonSet':
    case 'batch/Job':
    case 'batch/CronJob':
      return {};
    case 'apps/ReplicaSet':
      return { replicas: 0 };
    case 'apps/StatefulSet':
      return { replicas: 0, availableReplicas: 0 };
    case 'autoscaling/HorizontalPodAutoscaler':
      return { desiredReplicas: 0, currentMetrics: null };
    default:
      return undefined;
  }
}
