import type { ResiliencePolicy, SubsetWeight, TrafficPolicy } from './types';

/** A VirtualService or DestinationRule as JSON (the API's or a parsed manifest). @public */
export type IstioObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, any>;
  [key: string]: unknown;
};

type HttpRoute = Record<string, any>;

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short host name: `nginx-ab.ns.svc.cluster.local` and `nginx-ab` both give `nginx-ab`. */
function shortHost(host: unknown): string {
  return typeof host === 'string' ? host.split('.')[0] : '';
}

/**
 * The index of the HTTP route whose weights the editor changes: the first route without `match`
 * (the default route) that sends to the DestinationRule's host, else the first route to that host.
 * Undefined when no route sends to the host.
 * @public
 */
export function editableRouteIndex(
  virtualService: IstioObject,
  host: string,
): number | undefined {
  const http: HttpRoute[] = Array.isArray(virtualService.spec?.http)
    ? virtualService.spec!.http
    : [];
  const toHost = (route: HttpRoute) =>
    Array.isArray(route.route) &&
    route.route.length > 0 &&
    route.route.every(
      (d: any) => shortHost(d?.destination?.host) === shortHost(host),
    );
  const defaultRoute = http.findIndex(
    r => toHost(r) && (!Array.isArray(r.match) || r.match.length === 0),
  );
  if (defaultRoute >= 0) return defaultRoute;
  const any = http.findIndex(toHost);
  return any >= 0 ? any : undefined;
}

/** The subset names a DestinationRule declares. @public */
export function destinationRuleSubsets(
  destinationRule: IstioObject,
): Array<{ name: string; labels: Record<string, string> }> {
  const subsets = destinationRule.spec?.subsets;
  if (!Array.isArray(subsets)) return [];
  return subsets
    .filter(s => isObject(s) && typeof s.name === 'string')
    .map(s => ({
      name: s.name,
      labels: isObject(s.labels) ? { ...s.labels } : {},
    }));
}

function percentValue(value: unknown): number {
  if (isObject(value) && typeof value.value === 'number') return value.value;
  return 100;
}

function readWeights(route: HttpRoute): SubsetWeight[] {
  const destinations: any[] = Array.isArray(route.route) ? route.route : [];
  // Istio: a single destination without a weight receives all traffic.
  const unweighted = destinations.length === 1 ? 100 : 0;
  return destinations.map(d => ({
    subset: String(d?.destination?.subset ?? ''),
    weight: typeof d?.weight === 'number' ? d.weight : unweighted,
  }));
}

function readResilience(
  route: HttpRoute,
  destinationRule: IstioObject,
): ResiliencePolicy {
  const resilience: ResiliencePolicy = {};
  const fault = route.fault;
  if (isObject(fault)) {
    resilience.fault = {};
    if (isObject(fault.delay) && typeof fault.delay.fixedDelay === 'string') {
      resilience.fault.delay = {
        fixedDelay: fault.delay.fixedDelay,
        percentage: percentValue(fault.delay.percentage),
      };
    }
    if (isObject(fault.abort) && typeof fault.abort.httpStatus === 'number') {
      resilience.fault.abort = {
        httpStatus: fault.abort.httpStatus,
        percentage: percentValue(fault.abort.percentage),
      };
    }
  }
  if (isObject(route.retries) && typeof route.retries.attempts === 'number') {
    resilience.retries = { attempts: route.retries.attempts };
    if (typeof route.retries.perTryTimeout === 'string') {
      resilience.retries.perTryTimeout = route.retries.perTryTimeout;
    }
    if (typeof route.retries.retryOn === 'string') {
      resilience.retries.retryOn = route.retries.retryOn;
    }
  }
  if (typeof route.timeout === 'string') resilience.timeout = route.timeout;
  const policy = destinationRule.spec?.trafficPolicy;
  if (isObject(policy?.outlierDetection)) {
    const od = policy.outlierDetection;
    const out: Record<string, unknown> = {};
    for (const key of [
      'consecutive5xxErrors',
      'consecutiveGatewayErrors',
      'maxEjectionPercent',
    ]) {
      if (typeof od[key] === 'number') out[key] = od[key];
    }
    for (const key of ['interval', 'baseEjectionTime']) {
      if (typeof od[key] === 'string') out[key] = od[key];
    }
    resilience.outlierDetection = out;
  }
  const header = policy?.loadBalancer?.consistentHash?.httpHeaderName;
  if (typeof header === 'string') resilience.consistentHashHeader = header;
  return resilience;
}

/**
 * Reads the editor's policy from a VirtualService and DestinationRule. Throws when the
 * VirtualService has no route to the DestinationRule's host.
 * @public
 */
export function readTrafficPolicy(
  virtualService: IstioObject,
  destinationRule: IstioObject,
): TrafficPolicy {
  const host = String(destinationRule.spec?.host ?? '');
  const index = editableRouteIndex(virtualService, host);
  if (index === undefined) {
    throw new Error(
      `VirtualService ${virtualService.metadata?.name} has no HTTP route to host ${host}`,
    );
  }
  const route = virtualService.spec!.http[index];
  return {
    weights: readWeights(route),
    resilience: readResilience(route, destinationRule),
  };
}

function percentage(value: number) {
  return { value };
}

/**
 * Returns copies of the VirtualService and DestinationRule with the policy applied to the
 * editable route and the traffic policy. Everything the editor does not model (other routes,
 * matches, headers, mirror, connection pool, a `simple` load balancer) is kept as it was.
 * @public
 */
export function applyTrafficPolicy(
  virtualService: IstioObject,
  destinationRule: IstioObject,
  policy: TrafficPolicy,
): { virtualService: IstioObject; destinationRule: IstioObject } {
  const vs = clone(virtualService);
  const dr = clone(destinationRule);
  const host = String(dr.spec?.host ?? '');
  const index = editableRouteIndex(vs, host);
  if (index === undefined) {
    throw new Error(
      `VirtualService ${vs.metadata?.name} has no HTTP route to host ${host}`,
    );
  }
  const route: HttpRoute = vs.spec!.http[index];
  const previous: any[] = Array.isArray(route.route) ? route.route : [];
  route.route = policy.weights.map(({ subset, weight }) => {
    const existing = previous.find(d => d?.destination?.subset === subset);
    const destination = existing
      ? clone(existing)
      : {
          destination: { host: previous[0]?.destination?.host ?? host, subset },
        };
    destination.weight = weight;
    return destination;
  });

  const { fault, retries, timeout, outlierDetection, consistentHashHeader } =
    policy.resilience;
  if (fault && (fault.delay || fault.abort)) {
    route.fault = {};
    if (fault.delay) {
      route.fault.delay = {
        fixedDelay: fault.delay.fixedDelay,
        percentage: percentage(fault.delay.percentage),
      };
    }
    if (fault.abort) {
      route.fault.abort = {
        httpStatus: fault.abort.httpStatus,
        percentage: percentage(fault.abort.percentage),
      };
    }
  } else {
    delete route.fault;
  }
  if (retries) {
    route.retries = { attempts: retries.attempts };
    if (retries.perTryTimeout)
      route.retries.perTryTimeout = retries.perTryTimeout;
    if (retries.retryOn) route.retries.retryOn = retries.retryOn;
  } else {
    delete route.retries;
  }
  if (timeout) route.timeout = timeout;
  else delete route.timeout;

  dr.spec = dr.spec ?? {};
  const trafficPolicy: Record<string, any> = isObject(dr.spec.trafficPolicy)
    ? dr.spec.trafficPolicy
    : {};
  if (outlierDetection && Object.keys(outlierDetection).length > 0) {
    trafficPolicy.outlierDetection = { ...outlierDetection };
  } else {
    delete trafficPolicy.outlierDetection;
  }
  if (consistentHashHeader) {
    trafficPolicy.loadBalancer = {
      consistentHash: { httpHeaderName: consistentHashHeader },
    };
  } else if (trafficPolicy.loadBalancer?.consistentHash?.httpHeaderName) {
    delete trafficPolicy.loadBalancer;
  }
  if (Object.keys(trafficPolicy).length > 0)
    dr.spec.trafficPolicy = trafficPolicy;
  else delete dr.spec.trafficPolicy;
  return { virtualService: vs, destinationRule: dr };
}
