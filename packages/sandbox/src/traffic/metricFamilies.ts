import { FamilyDefinition } from './MetricRegistry';

/**
 * The families the traffic simulator records, named and labelled like the real exporters:
 * Kong 3.x's prometheus plugin (`kong/plugins/prometheus/exporter.lua`, with the `workspace`
 * label) and Istio's standard metrics as Envoy exposes them.
 */

/** Kong's `KONG_LATENCY_BUCKETS` (ms): its own processing time. */
export const KONG_LATENCY_BUCKETS = [
  1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000,
] as const;

/** Kong's `UPSTREAM_LATENCY_BUCKETS` (ms): upstream and total request latency. */
export const UPSTREAM_LATENCY_BUCKETS = [
  25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000,
] as const;

/** Envoy's default histogram buckets (ms), which Istio's duration metric uses. */
export const ISTIO_DURATION_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
] as const;

const KONG_LATENCY_LABELS = ['service', 'route', 'workspace'] as const;

/** `kong_http_requests_total` (`status_code_metrics`). */
export const KONG_HTTP_REQUESTS: FamilyDefinition = {
  name: 'kong_http_requests_total',
  help: 'HTTP status codes per consumer/service/route in Kong',
  type: 'counter',
  labelNames: ['service', 'route', 'code', 'source', 'workspace', 'consumer'],
};

/** `kong_kong_latency_ms` (`latency_metrics`). */
export const KONG_KONG_LATENCY: FamilyDefinition = {
  name: 'kong_kong_latency_ms',
  help: 'Latency added by Kong and enabled plugins for each service/route in Kong',
  type: 'histogram',
  labelNames: KONG_LATENCY_LABELS,
  buckets: KONG_LATENCY_BUCKETS,
};

/** `kong_upstream_latency_ms` (`latency_metrics`). */
export const KONG_UPSTREAM_LATENCY: FamilyDefinition = {
  name: 'kong_upstream_latency_ms',
  help: 'Latency added by upstream response for each service/route in Kong',
  type: 'histogram',
  labelNames: KONG_LATENCY_LABELS,
  buckets: UPSTREAM_LATENCY_BUCKETS,
};

/** `kong_request_latency_ms` (`latency_metrics`). */
export const KONG_REQUEST_LATENCY: FamilyDefinition = {
  name: 'kong_request_latency_ms',
  help: 'Total latency incurred during requests for each service/route in Kong',
  type: 'histogram',
  labelNames: KONG_LATENCY_LABELS,
  buckets: UPSTREAM_LATENCY_BUCKETS,
};

/** `kong_bandwidth_bytes` (`bandwidth_metrics`); a counter without the `_total` suffix. */
export const KONG_BANDWIDTH: FamilyDefinition = {
  name: 'kong_bandwidth_bytes',
  help: 'Total bandwidth (ingress/egress) throughput in bytes',
  type: 'counter',
  labelNames: ['service', 'route', 'direction', 'workspace', 'consumer'],
};

/** The labels of Istio's standard HTTP metrics, in Envoy's order. */
export const ISTIO_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
  'source_canonical_service',
  'destination_canonical_service',
  'source_canonical_revision',
  'destination_canonical_revision',
] as const;

/** `istio_requests_total`. */
export const ISTIO_REQUESTS: FamilyDefinition = {
  name: 'istio_requests_total',
  help: 'Total requests handled by an Istio proxy',
  type: 'counter',
  labelNames: ISTIO_LABELS,
};

/** `istio_request_duration_milliseconds`. */
export const ISTIO_REQUEST_DURATION: FamilyDefinition = {
  name: 'istio_request_duration_milliseconds',
  help: 'Request duration in milliseconds as seen by an Istio proxy',
  type: 'histogram',
  labelNames: ISTIO_LABELS,
  buckets: ISTIO_DURATION_BUCKETS,
};

/** Every family the simulator records, in exposition order. */
export const TRAFFIC_FAMILIES: FamilyDefinition[] = [
  KONG_HTTP_REQUESTS,
  KONG_KONG_LATENCY,
  KONG_UPSTREAM_LATENCY,
  KONG_REQUEST_LATENCY,
  KONG_BANDWIDTH,
  ISTIO_REQUESTS,
  ISTIO_REQUEST_DURATION,
];
