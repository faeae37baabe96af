import { PrometheusFlags } from './kongIngresses';
import { KongNames } from './kongNames';
import { Workload } from './meshRoutes';
import {
  ISTIO_REQUEST_DURATION,
  ISTIO_REQUESTS,
  KONG_BANDWIDTH,
  KONG_HTTP_REQUESTS,
  KONG_KONG_LATENCY,
  KONG_REQUEST_LATENCY,
  KONG_UPSTREAM_LATENCY,
} from './metricFamilies';
import { MetricRegistry } from './MetricRegistry';
import { RequestOutcome } from './simulateRequest';

/** The caller every simulated request comes from: Kong's proxy, with its own sidecar. */
export const KONG_SOURCE = {
  workload: 'kong-gateway',
  namespace: 'kong',
  app: 'kong',
  canonicalService: 'kong-gateway',
} as const;

/** The Kubernetes Service a request is for. */
export interface DestinationService {
  name: string;
  namespace: string;
}

const UNKNOWN = 'unknown';

function istioLabels(
  reporter: 'source' | 'destination',
  service: DestinationService,
  outcome: RequestOutcome,
  workload: Workload | undefined,
): string[] {
  const ns = service.namespace;
  return [
    reporter,
    KONG_SOURCE.workload,
    KONG_SOURCE.namespace,
    `spiffe://cluster.local/ns/${KONG_SOURCE.namespace}/sa/${KONG_SOURCE.workload}`,
    KONG_SOURCE.app,
    UNKNOWN,
    'Kubernetes',
    workload?.name ?? UNKNOWN,
    workload ? ns : UNKNOWN,
    workload ? `spiffe://cluster.local/ns/${ns}/sa/default` : UNKNOWN,
    workload?.app ?? UNKNOWN,
    workload?.version ?? UNKNOWN,
    `${service.name}.${ns}.svc.cluster.local`,
    service.name,
    ns,
    workload ? 'Kubernetes' : UNKNOWN,
    'http',
    String(outcome.code),
    '',
    outcome.responseFlags,
    workload ? 'mutual_tls' : UNKNOWN,
    KONG_SOURCE.canonicalService,
    workload?.canonicalService ?? UNKNOWN,
    'latest',
    workload?.canonicalRevision ?? UNKNOWN,
  ];
}

/**
 * Records one request the way Kong's prometheus plugin (gated by its flags) and the two Istio
 * proxies would: the caller's proxy (`reporter="source"`) sees every request, fault delays
 * included; the destination's proxy (`reporter="destination"`) only requests that reached a pod.
 */
export function recordRequest(
  registry: MetricRegistry,
  kong: { names: KongNames; prometheus?: PrometheusFlags },
  service: DestinationService,
  outcome: RequestOutcome,
): void {
  const { service: kongService, route } = kong.names;
  const flags = kong.prometheus;
  const upstreamMs = outcome.upstreamMs + outcome.injectedDelayMs;
  if (flags?.statusCode) {
    registry.inc(KONG_HTTP_REQUESTS, [
      kongService,
      route,
      String(outcome.code),
      'service',
      'default',
      '',
    ]);
  }
  if (flags?.latency) {
    const labels = [kongService, route, 'default'];
    registry.observe(KONG_KONG_LATENCY, labels, Math.round(outcome.kongMs));
    registry.observe(KONG_UPSTREAM_LATENCY, labels, Math.round(upstreamMs));
    registry.observe(
      KONG_REQUEST_LATENCY,
      labels,
      Math.round(outcome.kongMs + upstreamMs),
    );
  }
  if (flags?.bandwidth) {
    const labels = (direction: string) => [
      kongService,
      route,
      direction,
      'default',
      '',
    ];
    registry.inc(KONG_BANDWIDTH, labels('ingress'), outcome.requestBytes);
    registry.inc(KONG_BANDWIDTH, labels('egress'), outcome.responseBytes);
  }
  const source = istioLabels('source', service, outcome, outcome.workload);
  registry.inc(ISTIO_REQUESTS, source);
  registry.observe(ISTIO_REQUEST_DURATION, source, upstreamMs);
  if (outcome.workload) {
    const destination = istioLabels(
      'destination',
      service,
      outcome,
      outcome.workload,
    );
    registry.inc(ISTIO_REQUESTS, destination);
    registry.observe(ISTIO_REQUEST_DURATION, destination, outcome.upstreamMs);
  }
}
