import { Entity } from '@backstage/catalog-model';
import type {
  GoldenSignalsResponse,
  GoldenSignalsGroup,
  GoldenSignalsPanel,
  MetricsSeries,
} from '@internal/plugin-metrics-react';

/** Where `mockApis.discovery()` places the metrics backend. */
export const METRICS_BACKEND = 'http://example.com/api/metrics';

/** A Component whose workloads are named. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'driver',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'drivers',
    },
  },
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

/** The same Component without annotations. */
export const bareEntity: Entity = {
  ...annotatedEntity,
  metadata: { name: 'driver', namespace: 'default' },
};

const END = 1795348800; // 2026-11-22T12:00:00Z
const STEP = 60;

function series(key: string, values: Array<number | null>): MetricsSeries {
  return {
    key,
    points: values.map((value, i) => [
      END - (values.length - 1 - i) * STEP,
      value,
    ]),
  };
}

function panel(
  id: GoldenSignalsPanel['id'],
  title: string,
  unit: GoldenSignalsPanel['unit'],
  lines: MetricsSeries[],
): GoldenSignalsPanel {
  const query = `sum by (route) (rate(kong_http_requests_total[1m])) # ${id}`;
  return {
    id,
    title,
    unit,
    query,
    graphUrl: `http://prometheus.example.com/graph?g0.expr=${encodeURIComponent(
      query,
    )}`,
    series: lines,
  };
}

export const KONG_ROUTES = ['drivers.driver.00', 'drivers.driver-admin.00'];

export const kongGroup: GoldenSignalsGroup = {
  id: 'kong-routes',
  title: 'Kong routes',
  groupBy: 'route',
  status: 'ok',
  panels: [
    panel('requests', 'Requests', 'req/s', [
      series(KONG_ROUTES[0], [12, 13, 12.5]),
      series(KONG_ROUTES[1], [0.5, 0.4, null]),
    ]),
    panel('errors', 'Error ratio', 'ratio', [
      series(KONG_ROUTES[0], [0.01, 0.02, 0.015]),
    ]),
    panel('latency-kong-p95', 'Kong latency p95', 'ms', [
      series(KONG_ROUTES[0], [3, 4, 3.5]),
    ]),
  ],
};

export const istioGroup: GoldenSignalsGroup = {
  id: 'istio-versions',
  title: 'Istio versions',
  groupBy: 'destination_version',
  status: 'ok',
  panels: [
    panel('requests', 'Requests', 'req/s', [
      series('v1', [9, 9, 9]),
      series('v2', [1, 1, 1]),
    ]),
    panel('latency-p95', 'Latency p95', 'ms', [
      series('v1', [80, 85, 90]),
      series('v2', [1200, 1300, 1250]),
    ]),
  ],
};

/** A full answer: both groups with data and a Grafana dashboard (`null`: none configured). */
export function goldenSignals(
  groups: GoldenSignalsGroup[] = [kongGroup, istioGroup],
  grafanaDashboardUrl: string | null = 'http://grafana.example.com/d/golden',
): GoldenSignalsResponse {
  return {
    instance: {
      name: 'sandbox',
      prometheusUrl: 'http://prometheus.example.com',
      ...(grafanaDashboardUrl ? { grafanaDashboardUrl } : {}),
    },
    window: { start: END - 3600, end: END, stepSeconds: STEP },
    groups,
  };
}
