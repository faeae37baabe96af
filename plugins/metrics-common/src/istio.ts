import { buildSelector, LabelMatchers } from './selector';
import { histogramQuantileQuery, PanelQuery, ratioQuery } from './kong';

/** The Kubernetes Service whose Istio metrics are read. @public */
export interface IstioServiceTarget {
  namespace: string;
  /** The Service name (the entity's kubernetes-id). */
  service: string;
}

function destination(target: IstioServiceTarget): LabelMatchers {
  return {
    reporter: 'destination',
    destination_service_name: target.service,
    destination_service_namespace: target.namespace,
  };
}

/**
 * The selectors of a Service's destination-side Istio series: all requests, the 5xx ones and the
 * duration histogram's buckets.
 * @public
 */
export function istioDestinationSelectors(target: IstioServiceTarget): {
  requests: string;
  errors: string;
  durationBuckets: string;
} {
  return {
    requests: buildSelector('istio_requests_total', destination(target)),
    errors: buildSelector('istio_requests_total', {
      ...destination(target),
      response_code: { op: '=~', value: '5..' },
    }),
    durationBuckets: buildSelector(
      'istio_request_duration_milliseconds_bucket',
      destination(target),
    ),
  };
}

/** `sum by (destination_version) (rate(istio_requests_total{...}[w]))`. @public */
export function istioRequestsByVersionQuery(
  target: IstioServiceTarget,
  window: string,
): string {
  const selector = buildSelector('istio_requests_total', destination(target));
  return `sum by (destination_version) (rate(${selector}[${window}]))`;
}

/**
 * The Istio version panels, one grouped query each: requests/s, 5xx ratio and p95 latency
 * `by (destination_version)`, as the destination sidecars report them.
 * @public
 */
export function istioVersionPanelQueries(
  target: IstioServiceTarget,
  window: string,
): PanelQuery[] {
  const errors = buildSelector('istio_requests_total', {
    ...destination(target),
    response_code: { op: '=~', value: '5..' },
  });
  const totalRate = istioRequestsByVersionQuery(target, window);
  const errorRate = `sum by (destination_version) (rate(${errors}[${window}]))`;
  return [
    { id: 'requests', title: 'Requests', unit: 'req/s', query: totalRate },
    {
      id: 'errors',
      title: '5xx ratio',
      unit: 'ratio',
      query: ratioQuery(errorRate, totalRate),
    },
    {
      id: 'latency-p95',
      title: 'Latency p95',
      unit: 'ms',
      query: histogramQuantileQuery(
        0.95,
        buildSelector(
          'istio_request_duration_milliseconds_bucket',
          destination(target),
        ),
        'destination_version',
        window,
      ),
    },
  ];
}

/** Window of the observed traffic split. @public */
export const OBSERVED_SPLIT_WINDOW = '5m';

/**
 * Requests/s per version over the last 5 minutes: the observed split. Each version's share is
 * its value divided by the sum over versions (REFERENCE: `sum by (destination_version)(...) /
 * total`), computed from this one query so share and rate come from the same evaluation.
 * @public
 */
export function observedSplitQuery(target: IstioServiceTarget): string {
  return istioRequestsByVersionQuery(target, OBSERVED_SPLIT_WINDOW);
}
