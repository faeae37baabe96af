import type { GoldenSignalsPanelId, GoldenSignalsUnit } from './contract';
import { escapeRegex } from './escape';
import { buildSelector, LabelMatchers } from './selector';

/** A panel's query before it runs. @public */
export interface PanelQuery {
  id: GoldenSignalsPanelId;
  title: string;
  unit: GoldenSignalsUnit;
  query: string;
}

/** Which Kong services belong to an entity. @public */
export interface KongServiceTarget {
  namespace: string;
  kubernetesId: string;
  /** Explicit Kong service names (the `ops-portal/kong-service` annotation), if any. */
  serviceNames?: string[];
}

/**
 * The RE2 pattern of the entity's Kong service names: the listed names, or what Kong Ingress
 * Controller generates for the Kubernetes Service: `<namespace>.<service>.pnum-<port>` or
 * `.pname-<port name>` (KIC 2.x), `<namespace>.<service>.<port>` (KIC 3.x).
 * @public
 */
export function kongServicePattern(target: KongServiceTarget): string {
  const names = (target.serviceNames ?? []).filter(n => n.length > 0);
  if (names.length > 0) return names.map(escapeRegex).join('|');
  return `${escapeRegex(target.namespace)}\\.${escapeRegex(
    target.kubernetesId,
  )}\\.(?:pnum-[0-9]+|pname-[a-z0-9-]+|[0-9]+)`;
}

/** `histogram_quantile(q, sum by (<by>, le) (rate(<bucket selector>[w])))`. @public */
export function histogramQuantileQuery(
  quantile: number,
  bucketSelector: string,
  by: string,
  window: string,
): string {
  return `histogram_quantile(${quantile}, sum by (${by}, le) (rate(${bucketSelector}[${window}])))`;
}

/**
 * `numerator / total` per group, with groups that have no errors at 0 instead of missing
 * (`or total * 0`); 0/0 stays NaN, which the backend reports as no value.
 * @public
 */
export function ratioQuery(errorRate: string, totalRate: string): string {
  return `(${errorRate} or ${totalRate} * 0) / ${totalRate}`;
}

/**
 * The Kong route panels, one grouped query each: requests/s, 5xx ratio, p50/p95/p99 of the
 * total latency, p95 of Kong's own and of the upstream latency, all `by (route)`.
 * @public
 */
export function kongRoutePanelQueries(
  target: KongServiceTarget,
  window: string,
): PanelQuery[] {
  const service: LabelMatchers = {
    service: { op: '=~', value: kongServicePattern(target) },
  };
  const requests = buildSelector('kong_http_requests_total', service);
  const errors = buildSelector('kong_http_requests_total', {
    ...service,
    code: { op: '=~', value: '5..' },
  });
  const totalRate = `sum by (route) (rate(${requests}[${window}]))`;
  const errorRate = `sum by (route) (rate(${errors}[${window}]))`;
  const latency = (metric: string, q: number) =>
    histogramQuantileQuery(q, buildSelector(metric, service), 'route', window);
  return [
    { id: 'requests', title: 'Requests', unit: 'req/s', query: totalRate },
    {
      id: 'errors',
      title: '5xx ratio',
      unit: 'ratio',
      query: ratioQuery(errorRate, totalRate),
    },
    {
      id: 'latency-p50',
      title: 'Latency p50',
      unit: 'ms',
      query: latency('kong_request_latency_ms_bucket', 0.5),
    },
    {
      id: 'latency-p95',
      title: 'Latency p95',
      unit: 'ms',
      query: latency('kong_request_latency_ms_bucket', 0.95),
    },
    {
      id: 'latency-p99',
      title: 'Latency p99',
      unit: 'ms',
      query: latency('kong_request_latency_ms_bucket', 0.99),
    },
    {
      id: 'latency-kong-p95',
      title: 'Kong latency p95',
      unit: 'ms',
      query: latency('kong_kong_latency_ms_bucket', 0.95),
    },
    {
      id: 'latency-upstream-p95',
      title: 'Upstream latency p95',
      unit: 'ms',
      query: latency('kong_upstream_latency_ms_bucket', 0.95),
    },
  ];
}
