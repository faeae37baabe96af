import { KubeObject } from './types';

/** The Service CIDR the sandbox allocates cluster IPs from (kube-apiserver's common default). */
const SERVICE_CIDR_BASE = [10, 96, 0, 0];
const NODE_PORT_RANGE = { min: 30000, max: 32767 };

function ipAt(offset: number): string {
  const [a, b] = SERVICE_CIDR_BASE;
  return `${a}.${b}.${Math.floor(offset / 256)}.${offset % 256}`;
}

function hasClusterIP(spec: any): boolean {
  return spec?.type !== 'ExternalName' && spec?.clusterIP !== 'None';
}

/**
 * What the API server allocates for a new Service: a cluster IP from the Service CIDR (unless
 * headless or ExternalName), `clusterIPs`, and node ports for NodePort and LoadBalancer
 * Services, never one already taken by another Service.
 */
export function allocateServiceAddresses(
  service: KubeObject,
  existing: KubeObject[],
): void {
  const spec = (service.spec ??= {});
  if (spec.type === 'ExternalName') return;
  if (hasClusterIP(spec) && !spec.clusterIP) {
    const used = new Set(existing.map(s => s.spec?.clusterIP));
    // .0.1 is the `kubernetes` Service's address on a real cluster.
    let offset = 10;
    while (used.has(ipAt(offset))) offset += 1;
    spec.clusterIP = ipAt(offset);
  }
  spec.clusterIPs ??= [spec.clusterIP ?? 'None'];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer')
      spec.allocateLoadBalancerNodePorts ??= true;
    const usedPorts = new Set(
      existing.flatMap(s => (s.spec?.ports ?? []).map((p: any) => p?.nodePort)),
    );
    let next = NODE_PORT_RANGE.min;
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!port || typeof port !== 'object' || port.nodePort) continue;
      while (usedPorts.has(next) && next < NODE_PORT_RANGE.max) next += 1;
      port.nodePort = next;
      usedPorts.add(next);
    }
  }
}

/**
 * On update the API server keeps what it allocated when the new object leaves it out: the
 * cluster IPs, and the node port of each port that stays.
 */
export function keepServiceAddresses(
  next: KubeObject,
  stored: KubeObject,
): void {
  const spec = (next.spec ??= {});
  const old = stored.spec ?? {};
  if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
  if (!spec.clusterIPs && old.clusterIPs) spec.clusterIPs = old.clusterIPs;
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!port || typeof port !== 'object' || port.nodePort) continue;
    const same = (old.ports ?? []).find(
      (p: any) =>
        p?.port === port.port &&
        (p?.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
    );
    if (
      same?.nodePort &&
      (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
    ) {
      port.nodePort = same.nodePort;
    }
  }
}
