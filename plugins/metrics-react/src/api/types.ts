import type {
  GoldenSignalsResponse,
  HpaHistoryResponse,
  MetricsMissingAnnotation,
  ObservedSplitResponse,
} from '@internal/plugin-ops-common';
import type { OpsTimeRange } from '@internal/plugin-ops-react';

export type {
  GoldenSignalsGroup,
  GoldenSignalsGroupId,
  GoldenSignalsPanel,
  GoldenSignalsPanelId,
  GoldenSignalsResponse,
  GoldenSignalsUnit,
  HpaHistoryResponse,
  HpaSeriesKey,
  MetricsMissingAnnotation,
  MetricsSeries,
  MetricsWindow,
  ObservedSplitResponse,
} from '@internal/plugin-ops-common';

/** What `GET /golden-signals` answers: the signals, or the annotation the entity lacks. @public */
export type GoldenSignalsResult =
  | GoldenSignalsResponse
  | MetricsMissingAnnotation;

/** What `GET /hpa-history` answers: the history, or the annotation the entity lacks. @public */
export type HpaHistoryResult = HpaHistoryResponse | MetricsMissingAnnotation;

/** What `GET /observed-split` answers: the split, or the annotation the entity lacks. @public */
export type ObservedSplitResult =
  | ObservedSplitResponse
  | MetricsMissingAnnotation;

/** What every metrics request names: the entity and the Ops tab's window. @public */
export interface MetricsRequest {
  /** `kind:namespace/name`. */
  entityRef: string;
  range: OpsTimeRange;
  /** End of the window; sent in unix seconds. */
  end: Date;
}

/** True when the backend answered that an annotation is missing. @public */
export function isMissingAnnotation(
  response: object,
): response is MetricsMissingAnnotation {
  return (
    typeof (response as MetricsMissingAnnotation).missingAnnotation === 'string'
  );
}
