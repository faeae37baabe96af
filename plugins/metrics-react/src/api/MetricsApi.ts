import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CanaryAnalysisResult,
  DeployMarkersResult,
  GoldenSignalsResult,
  HpaHistoryResult,
  MetricsRequest,
  ObservedSplitResult,
} from './types';

/**
 * Reads the metrics backend plugin (`/api/metrics`), which queries Prometheus on the user's
 * behalf; the browser never calls Prometheus.
 * @public
 */
export interface MetricsApi {
  /** Requests, errors and latency per Kong route and per Istio destination version. */
  getGoldenSignals(request: MetricsRequest): Promise<GoldenSignalsResult>;
  /** Current, desired, min and max replicas of the entity's HPA over the window. */
  getHpaHistory(request: MetricsRequest): Promise<HpaHistoryResult>;
  /**
   * The traffic share Istio observed per destination version over the last 5 minutes,
   * ending now. `entityRef` is `kind:namespace/name`.
   */
  getObservedSplit(entityRef: string): Promise<ObservedSplitResult>;
  /**
   * The canary verdict of every destination version over the last analysis interval, ending
   * now: request count, success rate and p99 against the entity's thresholds.
   */
  getCanaryAnalysis(entityRef: string): Promise<CanaryAnalysisResult>;
  /**
   * The entity's Argo CD syncs and rollout steps in the window (the charts' markers) and the
   * comparison of the 15 minutes before and after its latest sync.
   */
  getDeployMarkers(request: MetricsRequest): Promise<DeployMarkersResult>;
}

/** The {@link MetricsApi} (`api:metrics`). @public */
export const metricsApiRef = createApiRef<MetricsApi>({ id: 'plugin.metrics' });
