import type { OpsTimeRange } from '@internal/plugin-ops-react';

/** One sample: unix seconds and the value, `null` where Prometheus had no sample. @public */
export type MetricsPoint = [number, number | null];

/** One line of a chart: a route, a destination version, or a replica count. @public */
export interface MetricsSeries {
  key: string;
  points: MetricsPoint[];
}

/** The window the backend queried, aligned to its step. @public */
export interface MetricsWindow {
  /** Unix seconds. */
  start: number;
  /** Unix seconds. */
  end: number;
  stepSeconds: number;
}

/** Units the backend reports; the charts format each one. @public */
export type MetricsUnit = 'req/s' | 'ratio' | 'ms';

/** Panel ids of the golden signals response. @public */
export type GoldenSignalsPanelId =
  | 'requests'
  | 'errors'
  | 'latency-p50'
  | 'latency-p95'
  | 'latency-p99'
  | 'latency-kong-p95'
  | 'latency-upstream-p95';

/** One chart: one PromQL query grouped by route or version. @public */
export interface GoldenSignalsPanel {
  id: GoldenSignalsPanelId;
  title: string;
  unit: MetricsUnit;
  /** The PromQL the backend ran. */
  query: string;
  /** The same query in the Prometheus UI, for the window. */
  graphUrl: string;
  series: MetricsSeries[];
}

/** The panels of one traffic source, or the reason it could not be read. @public */
export interface GoldenSignalsGroup {
  id: 'kong-routes' | 'istio-versions';
  title: string;
  groupBy: 'route' | 'destination_version';
  status: 'ok' | 'error';
  error?: string;
  panels: GoldenSignalsPanel[];
}

/** The Prometheus instance the backend chose for the entity. @public */
export interface MetricsInstance {
  name: string;
  prometheusUrl: string;
  grafanaDashboardUrl?: string;
}

/** `GET /golden-signals` when the entity names its workloads. @public */
export interface GoldenSignals {
  instance: MetricsInstance;
  window: MetricsWindow;
  groups: GoldenSignalsGroup[];
}

/** The backend's answer for an entity without the annotation it needs. @public */
export interface MissingAnnotation {
  missingAnnotation: string;
}

/** `GET /golden-signals`. @public */
export type GoldenSignalsResponse = GoldenSignals | MissingAnnotation;

/** Series keys of the HPA history. @public */
export type HpaHistorySeriesKey = 'current' | 'desired' | 'min' | 'max';

/** `GET /hpa-history`: replica counts from kube-state-metrics. @public */
export interface HpaHistory {
  window: MetricsWindow;
  series: Array<MetricsSeries & { key: HpaHistorySeriesKey }>;
  /** False when kube-state-metrics has no series for the entity's HPA. */
  available: boolean;
}

/** `GET /hpa-history`. @public */
export type HpaHistoryResponse = HpaHistory | MissingAnnotation;

/** What every metrics request names: the entity and the Ops tab's window. @public */
export interface MetricsRequest {
  /** `kind:namespace/name`. */
  entityRef: string;
  range: OpsTimeRange;
  /** End of the window. */
  end: Date;
}

/** True when the backend answered that an annotation is missing. @public */
export function isMissingAnnotation(
  response: object,
): response is MissingAnnotation {
  return typeof (response as MissingAnnotation).missingAnnotation === 'string';
}
