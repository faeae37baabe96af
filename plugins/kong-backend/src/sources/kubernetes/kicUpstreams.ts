import {
  V1EndpointSlice,
  V1Endpoints,
  V1Pod,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import { KongTargetHealth } from '@internal/plugin-kong-common';

/**
 * The targets KIC would give a Service's upstream, with the readiness Kubernetes reports for
 * each: ready → healthy, not ready → unhealthy. This is pod readiness (what KIC configures into
 * the upstream), not the result of Kong's own active or passive health checks.
 */

/** One upstream target. */
export interface KubeTarget {
  target: string;
  health: KongTargetHealth;
}

/** The Service port an Ingress/HTTPRoute backend names, by number or by name. */
export function servicePort(
  service: V1Service,
  port: number | string,
): V1ServicePort | undefined {
  return (service.spec?.ports ?? []).find(p =>
    typeof port === 'number' ? p.port === port : p.name === port,
  );
}

export function targetsFromEndpointSlices(
  slices: V1EndpointSlice[],
  port: V1ServicePort,
): KubeTarget[] {
  return slices.flatMap(slice => {
    const slicePort = (slice.ports ?? []).find(
      p => (p.name ?? '') === (port.name ?? ''),
    )?.port;
    if (slicePort === undefined) return [];
    return (slice.endpoints ?? []).flatMap(endpoint =>
      endpoint.addresses.map(address => ({
        target: `${address}:${slicePort}`,
        // `ready` unset means ready, as the EndpointSlice API defines it.
        health:
          endpoint.conditions?.ready ?? true
            ? ('healthy' as const)
            : ('unhealthy' as const),
      })),
    );
  });
}

export function targetsFromEndpoints(
  endpoints: V1Endpoints,
  port: V1ServicePort,
): KubeTarget[] {
  return (endpoints.subsets ?? []).flatMap(subset => {
    const subsetPort = (subset.ports ?? []).find(
      p => (p.name ?? '') === (port.name ?? ''),
    )?.port;
    if (subsetPort === undefined) return [];
    const targets = (
      addresses: Array<{ ip: string }> | undefined,
      health: KongTargetHealth,
    ) =>
      (addresses ?? []).map(a => ({ target: `${a.ip}:${subsetPort}`, health }));
    return [
      ...targets(subset.addresses, 'healthy'),
      ...targets(subset.notReadyAddresses, 'unhealthy'),
    ];
  });
}

function podPort(pod: V1Pod, targetPort: number | string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  for (const container of pod.spec?.containers ?? []) {
    const found = (container.ports ?? []).find(p => p.name === targetPort);
    if (found) return found.containerPort;
  }
  return undefined;
}

/**
 * What the endpoints controller would compute from the Service's selected Pods, for clusters
 * that serve neither EndpointSlices nor Endpoints for the Service.
 */
export function targetsFromPods(
  pods: V1Pod[],
  port: V1ServicePort,
): KubeTarget[] {
  const targetPort = (port.targetPort ?? port.port) as number | string;
  return pods.flatMap(pod => {
    const ip = pod.status?.podIP;
    const number = podPort(pod, targetPort);
    if (!ip || number === undefined || pod.metadata?.deletionTimestamp) {
      return [];
    }
    const ready = (pod.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    );
    return [
      {
        target: `${ip}:${number}`,
        health: ready ? ('healthy' as const) : ('unhealthy' as const),
      },
    ];
  });
}

/** `{app: driver, tier: api}` → `app=driver,tier=api`. */
export function selectorString(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
