import type { CanaryThresholds, CanaryVerdict } from './canary';

/**
 * Response shapes of the metrics backend (`/api/metrics/...`), shared with the frontend.
 */

/** Panel ids of the golden-signals card. @public */
export type GoldenSignalsPanelId =
  | 'requests'
  | 'errors'
  | 'latency-p50'
  | 'latency-p95'
  | 'latency-p99'
  | 'latency-kong-p95'
  | 'latency-upstream-p95';

/** Unit of a panel's values. @public */
export type GoldenSignalsUnit = 'req/s' | 'ratio' | 'ms';

/** Group ids of the golden-signals card. @public */
export type GoldenSignalsGroupId = 'kong-routes' | 'istio-versions';

/** One time series: `[unixSeconds, value]`, `null` where Prometheus has no (finite) value. @public */
export interface MetricsSeries {
  key: string;
  points: Array<[number, number | null]>;
}

/** The queried window, unix seconds, end aligned to the step. @public */
export interface MetricsWindow {
  start: number;
  end: number;
  stepSeconds: number;
}

/** One chart. @public */
export interface GoldenSignalsPanel {
  id: GoldenSignalsPanelId;
  title: string;
  unit: GoldenSignalsUnit;
  query: string;
  /** Prometheus `/graph` deep link for this query and window. */
  graphUrl: string;
  series: MetricsSeries[];
}

/** Panels of one source, grouped by one label. @public */
export interface GoldenSignalsGroup {
  id: GoldenSignalsGroupId;
  title: string;
  groupBy: 'route' | 'destination_version';
  status: 'ok' | 'error';
  error?: string;
  panels: GoldenSignalsPanel[];
}

/** `GET /golden-signals`. @public */
export interface GoldenSignalsResponse {
  instance: {
    name: string;
    prometheusUrl: string;
    grafanaDashboardUrl?: string;
  };
  window: MetricsWindow;
  groups: GoldenSignalsGroup[];
}

/** Keys of the HPA history series. @public */
export type HpaSeriesKey = 'current' | 'desired' | 'min' | 'max';

/** `GET /hpa-history`. @public */
export interface HpaHistoryResponse {
  window: MetricsWindow;
  series: Array<{ key: HpaSeriesKey; points: MetricsSeries['points'] }>;
  /** False when kube-state-metrics has no series for the HPA. */
  available: boolean;
}

/** `GET /observed-split`. @public */
export interface ObservedSplitResponse {
  versions: Array<{
    version: string;
    /** Share of the requests over the last 5 minutes, 0..1. */
    share: number;
    requestsPerSecond: number;
  }>;
}

/** `GET /canary-analysis`: the verdict of every destination version over the last interval. @public */
export interface CanaryAnalysisResponse {
  /** The interval, seconds, ending at `evaluatedAt` (unix seconds). */
  intervalSeconds: number;
  evaluatedAt: number;
  thresholds: CanaryThresholds;
  /**
   * Where the thresholds come from: the entity's annotation, the portal's config, or the request
   * (a rollout's plan).
   */
  thresholdsSource: 'annotation' | 'config' | 'request';
  /** Sorted by version. */
  versions: CanaryVerdict[];
}
