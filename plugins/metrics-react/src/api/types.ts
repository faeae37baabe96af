import type {
  CanaryAnalysisResponse,
  DeployMarkersResponse,
  GoldenSignalsResponse,
  HpaHistoryResponse,
  ObservedSplitResponse,
} from '@internal/plugin-metrics-common';
import type { OpsNotConfigured } from '@internal/plugin-ops-common';
import type { OpsTimeRange } from '@internal/plugin-ops-react';

export type {
  CanaryAnalysisResponse,
  CanaryCheck,
  CanaryStatus,
  CanaryThresholds,
  CanaryVerdict,
  DeployImpact,
  DeployImpactFigure,
  DeployMarker,
  DeployMarkersResponse,
  GoldenSignalsGroup,
  GoldenSignalsGroupId,
  GoldenSignalsPanel,
  GoldenSignalsPanelId,
  GoldenSignalsResponse,
  GoldenSignalsUnit,
  HpaHistoryResponse,
  HpaSeriesKey,
  MetricsSeries,
  MetricsWindow,
  ObservedSplitResponse,
} from '@internal/plugin-metrics-common';
export type { OpsNotConfigured } from '@internal/plugin-ops-common';

/** What `GET /golden-signals` answers: the signals, or the annotation the entity lacks. @public */
export type GoldenSignalsResult = GoldenSignalsResponse | OpsNotConfigured;

/** What `GET /hpa-history` answers: the history, or the annotation the entity lacks. @public */
export type HpaHistoryResult = HpaHistoryResponse | OpsNotConfigured;

/** What `GET /observed-split` answers: the split, or the annotation the entity lacks. @public */
export type ObservedSplitResult = ObservedSplitResponse | OpsNotConfigured;

/** What `GET /canary-analysis` answers: the verdicts, or what is wrong with the entity's annotations. @public */
export type CanaryAnalysisResult = CanaryAnalysisResponse | OpsNotConfigured;

/** What `GET /deploy-markers` answers: the markers, or the annotation the entity lacks. @public */
export type DeployMarkersResult = DeployMarkersResponse | OpsNotConfigured;

/** What every metrics request names: the entity and the Ops tab's window. @public */
export interface MetricsRequest {
  /** `kind:namespace/name`. */
  entityRef: string;
  range: OpsTimeRange;
  /** End of the window; sent in unix seconds. */
  end: Date;
}

/**
 * True when the backend answered that the entity lacks an annotation (or its value is invalid):
 * the shared `isOpsNotConfigured` of ops-common.
 * @public
 */
export { isOpsNotConfigured as isMissingAnnotation } from '@internal/plugin-ops-common';
