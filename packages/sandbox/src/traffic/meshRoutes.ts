import { matchesLabelRequirements } from '../cluster/labelSelector';
import { requirementsFromMatchLabels } from '../cluster/labelSelector';
import { ClusterStore, KubeObject } from '../cluster/types';
import { requireType } from '../controller/controllerSupport';
import { isPodReady } from '../controller/pods';
import {
  BEHAVIOUR_ANNOTATION,
  parseWorkloadBehaviour,
  WorkloadBehaviour,
} from './workloadBehaviour';

/** A Deployment behind a Service, as Istio's telemetry names it. */
export interface Workload {
  namespace: string;
  /** `destination_workload`: the Deployment's name. */
  name: string;
  /** Pod labels `app` and `version` (`unknown` when absent, as Istio reports them). */
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  /** Ready pods: name and IP. */
  pods: Array<{ name: string; ip: string }>;
  /** Simulated health from the pod template's `sandbox.ops-portal/behaviour` annotation. */
  behaviour?: WorkloadBehaviour;
  /** Why that annotation was ignored, when it could not be read. */
  behaviourError?: string;
}

/** One weighted destination of the route Kong's traffic takes. */
export interface MeshDestination {
  /** The subset's name, or the workload's version when there is no VirtualService. */
  subset: string;
  weight: number;
  workloads: Workload[];
}

/** Fault injection of the route (`fault.abort` / `fault.delay`), percentages as fractions. */
export interface MeshFault {
  abort?: { httpStatus: number; fraction: number };
  delay?: { delayMs: number; fraction: number };
}

/** Where requests to a Service go inside the mesh. */
export interface MeshRoute {
  /** The VirtualService that routes them, if any. */
  virtualService?: string;
  destinations: MeshDestination[];
  fault: MeshFault;
}

const shortHost = (host: string) => host.split('.')[0];

function hostMatches(host: string, service: string, namespace: string) {
  return [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ].includes(host);
}

/** Istio duration strings such as `5s`, `250ms`, `1.5s`, `1m` in milliseconds. */
export function durationMs(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value ?? ''));
  if (!match) return 0;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]]!;
  return Number(match[1]) * unit;
}

/** `percentage.value` (0–100) as a fraction; an absent percentage means every request. */
function fraction(percentage: any): number {
  const value = percentage?.value;
  return typeof value === 'number'
    ? Math.min(100, Math.max(0, value)) / 100
    : 1;
}

function readFault(fault: any): MeshFault {
  const result: MeshFault = {};
  if (fault?.abort?.httpStatus) {
    result.abort = {
      httpStatus: Number(fault.abort.httpStatus),
      fraction: fraction(fault.abort.percentage),
    };
  }
  if (fault?.delay?.fixedDelay) {
    result.delay = {
      delayMs: durationMs(fault.delay.fixedDelay),
      fraction: fraction(fault.delay.percentage),
    };
  }
  return result;
}

function workloadOf(store: ClusterStore, deployment: KubeObject): Workload {
  const podType = requireType(store, 'v1', 'Pod');
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  const selector = requirementsFromMatchLabels(
    deployment.spec?.selector?.matchLabels,
  );
  const pods = store
    .list(podType, { namespace: deployment.metadata.namespace })
    .filter(pod => matchesLabelRequirements(selector, pod.metadata.labels))
    .filter(isPodReady)
    .map(pod => ({ name: pod.metadata.name, ip: pod.status?.podIP ?? '' }));
  const version = labels.version ?? 'unknown';
  const annotation =
    deployment.spec?.template?.metadata?.annotations?.[BEHAVIOUR_ANNOTATION];
  const parsed =
    typeof annotation === 'string'
      ? parseWorkloadBehaviour(annotation)
      : undefined;
  return {
    ...(parsed && 'behaviour' in parsed ? { behaviour: parsed.behaviour } : {}),
    ...(parsed && 'error' in parsed ? { behaviourError: parsed.error } : {}),
    namespace: deployment.metadata.namespace!,
    name: deployment.metadata.name,
    app: labels.app ?? 'unknown',
    version,
    canonicalService:
      labels['service.istio.io/canonical-name'] ??
      labels['app.kubernetes.io/name'] ??
      labels.app ??
      deployment.metadata.name,
    canonicalRevision:
      labels['service.istio.io/canonical-revision'] ??
      labels['app.kubernetes.io/version'] ??
      labels.version ??
      'latest',
    pods,
  };
}

/** The Deployments whose pods the Service selects, narrowed by subset labels. */
export function workloadsOf(
  store: ClusterStore,
  service: KubeObject,
  subsetLabels: Record<string, string> = {},
): Workload[] {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const requirements = requirementsFromMatchLabels({
    ...selector,
    ...subsetLabels,
  });
  const deployments = requireType(store, 'apps/v1', 'Deployment');
  return store
    .list(deployments, { namespace: service.metadata.namespace })
    .filter(d =>
      matchesLabelRequirements(
        requirements,
        d.spec?.template?.metadata?.labels,
      ),
    )
    .map(d => workloadOf(store, d));
}

function findByHost(
  store: ClusterStore,
  kind: 'VirtualService' | 'DestinationRule',
  service: KubeObject,
): KubeObject | undefined {
  const type = requireType(store, 'networking.istio.io/v1', kind);
  const { name, namespace } = service.metadata;
  return store.list(type, { namespace }).find(o => {
    const hosts: string[] =
      kind === 'VirtualService' ? o.spec?.hosts ?? [] : [o.spec?.host ?? ''];
    return hosts.some(h => hostMatches(h, name, namespace!));
  });
}

/** A route entry's weight; Istio lets a lone destination omit it (100). */
function weightOf(entry: any, entryCount: number): number {
  if (typeof entry.weight === 'number') return entry.weight;
  return entryCount === 1 ? 100 : 0;
}

/**
 * The live routing of a Service: its VirtualService's first HTTP route without a `match` (else
 * its first route), each destination's DestinationRule subset resolved to Deployments; without a
 * VirtualService, every Deployment behind the Service weighted by its ready pods.
 */
export function meshRouteFor(
  store: ClusterStore,
  service: KubeObject,
): MeshRoute {
  const virtualService = findByHost(store, 'VirtualService', service);
  const http: any[] = virtualService?.spec?.http ?? [];
  const route = http.find(r => !r.match?.length) ?? http[0];
  if (!virtualService || !route) {
    return {
      destinations: workloadsOf(store, service).map(w => ({
        subset: w.version,
        weight: w.pods.length,
        workloads: [w],
      })),
      fault: {},
    };
  }
  const rule = findByHost(store, 'DestinationRule', service);
  const subsets: any[] = rule?.spec?.subsets ?? [];
  const entries: any[] = route.route ?? [];
  const serviceType = requireType(store, 'v1', 'Service');
  return {
    virtualService: virtualService.metadata.name,
    destinations: entries.map(entry => {
      const host = entry.destination?.host ?? service.metadata.name;
      const target =
        store.get(serviceType, service.metadata.namespace, shortHost(host)) ??
        service;
      const subsetName: string | undefined = entry.destination?.subset;
      const subset = subsets.find(s => s.name === subsetName);
      return {
        subset: subsetName ?? '',
        weight: weightOf(entry, entries.length),
        // A subset the DestinationRule does not define has no endpoints (Istio answers 503).
        workloads:
          subsetName && !subset
            ? []
            : workloadsOf(store, target, subset?.labels ?? {}),
      };
    }),
    fault: readFault(route.fault),
  };
}
