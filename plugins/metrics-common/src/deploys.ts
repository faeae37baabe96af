/**
 * Deploy markers and the "last deploy" comparison: what Argo CD synced and what rollouts did, as
 * points in time on the charts, and the service's requests/s, 5xx ratio and p95 in the window
 * before and after the latest sync.
 */
import { histogramQuantileQuery } from './kong';
import { istioDestinationSelectors, IstioServiceTarget } from './istio';
import type { CanaryThresholds } from './canary';

/** One vertical marker on the charts. @public */
export interface DeployMarker {
  /** Unix milliseconds. */
  time: number;
  /** `sync`: an Argo CD sync of the entity's Application; `rollout`: a rollout's step or end. */
  kind: 'sync' | 'rollout';
  /** A few words: `Sync 3f2a9c1`, `Rollout: v2 at 25%`. */
  label: string;
  revision?: string;
  author?: string;
  /** The commit message, or what the rollout did. */
  message?: string;
  /** The commit's web page, when the portal knows how to link it. */
  url?: string;
}

/** The three figures of one side of the comparison; null when there was no traffic. @public */
export interface DeploySignals {
  requestsPerSecond: number | null;
  /** Percent of responses that were 5xx. */
  errorRatePercent: number | null;
  latencyP95Ms: number | null;
}

/** One compared figure: before, after, and whether the after side breaks a threshold. @public */
export interface DeployImpactFigure {
  name: 'requests-per-second' | 'error-rate' | 'latency-p95';
  before: number | null;
  after: number | null;
  /** After / before − 1, percent; null when either side has no value or before is 0. */
  changePercent: number | null;
  /** The after value breaks the threshold it is held against (and before did not). */
  regressed: boolean;
}

/** The "last deploy" summary. @public */
export interface DeployImpact {
  /** The sync compared around (unix ms), its revision and message. */
  marker: DeployMarker;
  /** Seconds on each side (15 minutes, or less when the sync is more recent). */
  windowSeconds: number;
  /** Empty while the sync is less than a minute old: nothing to compare yet. */
  figures: DeployImpactFigure[];
}

/** `GET /deploy-markers`: the markers in the window, the last deploy's impact, and what was missing. @public */
export interface DeployMarkersResponse {
  markers: DeployMarker[];
  /** Absent when there is no sync to compare around, or no metrics for it. */
  impact?: DeployImpact;
  /** A source that could not be read (Argo CD actions, rollouts, Prometheus), in one sentence each. */
  problems: string[];
}

/** The comparison's window on each side of a sync, seconds. @public */
export const DEPLOY_IMPACT_WINDOW_SECONDS = 900;

/** The series ids of {@link deployImpactQueries}. @public */
export type DeployImpactQueryId = 'rps' | 'errors' | 'p95';

/**
 * The service-level requests/s, 5xx ratio (percent) and p95 latency over `window` (a PromQL
 * duration) ending at the evaluation time, from Istio's destination-side metrics: three queries
 * for one grouped instant query per side.
 * @public
 */
export function deployImpactQueries(
  target: IstioServiceTarget,
  window: string,
): Array<{ id: DeployImpactQueryId; query: string }> {
  const { requests, errors, durationBuckets } =
    istioDestinationSelectors(target);
  const total = `sum(rate(${requests}[${window}]))`;
  return [
    { id: 'rps', query: total },
    {
      id: 'errors',
      query: `100 * (sum(rate(${errors}[${window}])) or ${total} * 0) / ${total}`,
    },
    {
      id: 'p95',
      query: histogramQuantileQuery(
        0.95,
        durationBuckets,
        'destination_service_name',
        window,
      ),
    },
  ];
}

function changePercent(before: number | null, after: number | null) {
  if (before === null || after === null || before === 0) return null;
  return Math.round((after / before - 1) * 1000) / 10;
}

/**
 * Compares the two sides. The 5xx ratio regresses when after exceeds `100 − minSuccessRate`
 * while before did not; the p95 when after exceeds `maxLatencyP99Ms` while before did not (the
 * canary thresholds, so that a deploy and a canary are held to the same bar); requests/s only
 * informs.
 * @public
 */
export function compareDeploySignals(
  before: DeploySignals,
  after: DeploySignals,
  thresholds: Pick<CanaryThresholds, 'minSuccessRate' | 'maxLatencyP99Ms'>,
): DeployImpactFigure[] {
  const maxErrors = 100 - thresholds.minSuccessRate;
  const breaks = (value: number | null, limit: number) =>
    value !== null && value > limit;
  return [
    {
      name: 'requests-per-second',
      before: before.requestsPerSecond,
      after: after.requestsPerSecond,
      changePercent: changePercent(
        before.requestsPerSecond,
        after.requestsPerSecond,
      ),
      regressed: false,
    },
    {
      name: 'error-rate',
      before: before.errorRatePercent,
      after: after.errorRatePercent,
      changePercent: changePercent(
        before.errorRatePercent,
        after.errorRatePercent,
      ),
      regressed:
        breaks(after.errorRatePercent, maxErrors) &&
        !breaks(before.errorRatePercent, maxErrors),
    },
    {
      name: 'latency-p95',
      before: before.latencyP95Ms,
      after: after.latencyP95Ms,
      changePercent: changePercent(before.latencyP95Ms, after.latencyP95Ms),
      regressed:
        breaks(after.latencyP95Ms, thresholds.maxLatencyP99Ms) &&
        !breaks(before.latencyP95Ms, thresholds.maxLatencyP99Ms),
    },
  ];
}
