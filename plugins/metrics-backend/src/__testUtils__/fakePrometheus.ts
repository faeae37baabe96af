import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse, passthrough } from 'msw';

/** The Prometheus URL the router tests configure; only msw answers it. */
export const PROM_URL = 'http://prometheus.test:9090';

/** A component with the Kubernetes annotations the metrics backend reads. */
export function component(
  name: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': 'default',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** One query Prometheus received. */
export interface ReceivedQuery {
  path: string;
  query: string;
  params: URLSearchParams;
}

/** A matrix series with the same value at every step of the request's window. */
function flatSeries(
  metric: Record<string, string>,
  params: URLSearchParams,
  value: string,
) {
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const step = Number(params.get('step'));
  const values: Array<[number, string]> = [];
  for (let t = start; t <= end; t += step) values.push([t, value]);
  return { metric, values };
}

/**
 * msw handlers of a Prometheus that answers every range query with one flat series per route
 * (Kong queries), per version (Istio queries) or per HPA metric, and records what it received.
 * A query of a card group's panels gets those series once per panel, tagged with the panel's id.
 * Requests to loopback (the test backend itself, closed ports) pass through.
 */
export function fakePrometheus(options: {
  routes?: string[];
  versions?: string[];
  received?: ReceivedQuery[];
  url?: string;
  /** False: kube-state-metrics has no series for the HPA. */
  hpa?: boolean;
}) {
  const {
    routes = ['r1'],
    versions = ['v1', 'v2'],
    received = [],
    url = PROM_URL,
    hpa = true,
  } = options;
  const respond = async (path: string, request: Request) => {
    const params = new URLSearchParams(await request.text());
    const query = params.get('query') ?? '';
    received.push({ path, query, params });
    let result: unknown[] = [];
    if (path.endsWith('/query')) {
      result = versions.map((version, i) => ({
        metric: { destination_version: version },
        value: [Number(params.get('time')), String((i + 1) * 10)],
      }));
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result },
      });
    }
    // A card group's query tags each panel's series with its id (groupPanelsQuery).
    const panels = [...query.matchAll(/"ops_panel", "([^"]+)"/g)].map(
      match => match[1],
    );
    const tagged = (panel: string, labels: Record<string, string>) =>
      panel ? { ...labels, ops_panel: panel } : labels;
    if (query.includes('kong_')) {
      result = (panels.length ? panels : ['']).flatMap(panel =>
        routes.map(route =>
          flatSeries(
            tagged(panel, { route }),
            params,
            (panel || query).includes('latency') ? '42' : '2.5',
          ),
        ),
      );
    } else if (query.includes('istio_')) {
      result = (panels.length ? panels : ['']).flatMap(panel =>
        versions.map(v =>
          flatSeries(tagged(panel, { destination_version: v }), params, '1'),
        ),
      );
    } else if (hpa && query.includes('horizontalpodautoscaler')) {
      result = [
        flatSeries(
          { __name__: 'kube_horizontalpodautoscaler_spec_max_replicas' },
          params,
          '5',
        ),
        flatSeries(
          { __name__: 'kube_horizontalpodautoscaler_status_current_replicas' },
          params,
          '2',
        ),
      ];
    }
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'matrix', result },
    });
  };
  return [
    http.post(`${url}/api/v1/query_range`, ({ request }) =>
      respond('/api/v1/query_range', request),
    ),
    http.post(`${url}/api/v1/query`, ({ request }) =>
      respond('/api/v1/query', request),
    ),
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
  ];
}
