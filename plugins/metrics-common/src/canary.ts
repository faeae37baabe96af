/**
 * Canary analysis: per Istio destination version, the request count, success rate and p99
 * latency over one interval, judged against thresholds the way Flagger's built-in metrics do
 * (`request-success-rate` min 99 %, `request-duration` max 500 ms), with a minimum request count
 * so that an idle subset is "inconclusive", never "passed".
 */
import { histogramQuantileQuery } from './kong';
import { istioDestinationSelectors, IstioServiceTarget } from './istio';

/** Thresholds of the canary analysis. @public */
export interface CanaryThresholds {
  /** Lowest passing success rate (non-5xx share), percent. */
  minSuccessRate: number;
  /** Highest passing p99 latency, milliseconds. */
  maxLatencyP99Ms: number;
  /** Fewer requests in the interval than this and the verdict is inconclusive. */
  minRequests: number;
}

/** Flagger's documented defaults, and a minimum of 20 requests per interval. @public */
export const DEFAULT_CANARY_THRESHOLDS: CanaryThresholds = {
  minSuccessRate: 99,
  maxLatencyP99Ms: 500,
  minRequests: 20,
};

/** Default analysis interval, seconds (a rollout step's default interval). @public */
export const DEFAULT_CANARY_INTERVAL_SECONDS = 60;
/** Shortest interval: two scrapes of 15 s at least, or rates have no points. @public */
export const MIN_CANARY_INTERVAL_SECONDS = 30;
/** Longest interval. @public */
export const MAX_CANARY_INTERVAL_SECONDS = 3600;

/** The series ids of the analysis query (tagged with `groupPanelsQuery`). @public */
export type CanaryQueryId = 'requests' | 'errors' | 'latency-p99';

/**
 * The three grouped queries of the analysis, all `by (destination_version)` over `interval`
 * (a PromQL duration): requests and 5xx responses as `increase`, p99 from the duration histogram.
 * @public
 */
export function canaryAnalysisQueries(
  target: IstioServiceTarget,
  interval: string,
): Array<{ id: CanaryQueryId; query: string }> {
  const { requests, errors, durationBuckets } =
    istioDestinationSelectors(target);
  return [
    {
      id: 'requests',
      query: `sum by (destination_version) (increase(${requests}[${interval}]))`,
    },
    {
      id: 'errors',
      query: `sum by (destination_version) (increase(${errors}[${interval}]))`,
    },
    {
      id: 'latency-p99',
      query: histogramQuantileQuery(
        0.99,
        durationBuckets,
        'destination_version',
        interval,
      ),
    },
  ];
}

/** What Prometheus measured for one version over the interval. @public */
export interface CanaryFigures {
  version: string;
  requests: number;
  errors: number;
  /** Null when the histogram has no finite value (no requests). */
  latencyP99Ms: number | null;
}

/** Outcome of one check or of a whole verdict. @public */
export type CanaryStatus = 'passed' | 'failed' | 'inconclusive';

/** One check of a verdict. @public */
export interface CanaryCheck {
  name: 'request-count' | 'success-rate' | 'latency-p99';
  status: CanaryStatus;
  /** Measured value: requests, percent, milliseconds; null when there is none. */
  value: number | null;
  /** The threshold it was held against. */
  threshold: number;
  /** One sentence saying what the check found. */
  message: string;
}

/** The verdict of one version. @public */
export interface CanaryVerdict {
  version: string;
  status: CanaryStatus;
  requests: number;
  /** Percent; null without requests. */
  successRate: number | null;
  latencyP99Ms: number | null;
  checks: CanaryCheck[];
}

type CheckOutcome = Pick<CanaryCheck, 'status' | 'message'>;

const NOT_ENOUGH: CheckOutcome = {
  status: 'inconclusive',
  message: 'not enough requests to judge',
};

function judgeSuccessRate(
  enough: boolean,
  successRate: number | null,
  { minSuccessRate }: CanaryThresholds,
): CanaryCheck {
  const base = {
    name: 'success-rate' as const,
    value: successRate,
    threshold: minSuccessRate,
  };
  if (!enough || successRate === null) return { ...base, ...NOT_ENOUGH };
  if (successRate >= minSuccessRate) {
    return {
      ...base,
      status: 'passed',
      message: `success rate ${successRate}% ≥ ${minSuccessRate}%`,
    };
  }
  return {
    ...base,
    status: 'failed',
    message: `success rate ${successRate}% < ${minSuccessRate}%`,
  };
}

function judgeLatency(
  enough: boolean,
  latency: number | null,
  { maxLatencyP99Ms }: CanaryThresholds,
): CanaryCheck {
  const base = {
    name: 'latency-p99' as const,
    value: latency,
    threshold: maxLatencyP99Ms,
  };
  if (!enough) return { ...base, ...NOT_ENOUGH };
  if (latency === null) {
    return {
      ...base,
      status: 'inconclusive',
      message: 'no latency histogram for this version',
    };
  }
  if (latency <= maxLatencyP99Ms) {
    return {
      ...base,
      status: 'passed',
      message: `p99 ${latency} ms ≤ ${maxLatencyP99Ms} ms`,
    };
  }
  return {
    ...base,
    status: 'failed',
    message: `p99 ${latency} ms > ${maxLatencyP99Ms} ms`,
  };
}

/** A failed check fails the verdict; otherwise an inconclusive one makes it inconclusive. */
function overallStatus(checks: CanaryCheck[]): CanaryStatus {
  if (checks.some(c => c.status === 'failed')) return 'failed';
  if (checks.some(c => c.status === 'inconclusive')) return 'inconclusive';
  return 'passed';
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Judges one version. Too few requests: every check is inconclusive. Otherwise the success rate
 * must be at least `minSuccessRate` and the p99 at most `maxLatencyP99Ms` (a value exactly on a
 * threshold passes, as in Flagger); a failed check fails the verdict, a missing p99 makes it
 * inconclusive.
 * @public
 */
export function judgeCanary(
  figures: CanaryFigures,
  thresholds: CanaryThresholds,
): CanaryVerdict {
  const requests = Math.max(0, figures.requests);
  const errors = Math.min(Math.max(0, figures.errors), requests);
  const successRate =
    requests > 0 ? round(((requests - errors) / requests) * 100, 3) : null;
  const latency =
    figures.latencyP99Ms === null ? null : round(figures.latencyP99Ms, 1);
  const enough = requests >= thresholds.minRequests;
  const countCheck: CanaryCheck = {
    name: 'request-count',
    status: enough ? 'passed' : 'inconclusive',
    value: round(requests, 1),
    threshold: thresholds.minRequests,
    message: enough
      ? `${round(requests, 1)} requests in the interval`
      : `only ${round(requests, 1)} requests in the interval, ${
          thresholds.minRequests
        } needed for a verdict`,
  };
  const successCheck = judgeSuccessRate(enough, successRate, thresholds);
  const latencyCheck = judgeLatency(enough, latency, thresholds);
  const checks = [countCheck, successCheck, latencyCheck];
  return {
    version: figures.version,
    status: overallStatus(checks),
    requests: round(requests, 1),
    successRate,
    latencyP99Ms: latency,
    checks,
  };
}

const THRESHOLD_KEYS: Record<string, keyof CanaryThresholds> = {
  'min-success-rate': 'minSuccessRate',
  'max-p99-ms': 'maxLatencyP99Ms',
  'min-requests': 'minRequests',
};

/** Checks that a thresholds object is in range; returns the problem or undefined. @public */
export function canaryThresholdsProblem(
  thresholds: CanaryThresholds,
): string | undefined {
  const { minSuccessRate, maxLatencyP99Ms, minRequests } = thresholds;
  if (!(minSuccessRate >= 0 && minSuccessRate <= 100)) {
    return `min-success-rate must be a percentage from 0 to 100, not ${minSuccessRate}`;
  }
  if (!(maxLatencyP99Ms > 0 && maxLatencyP99Ms <= 600_000)) {
    return `max-p99-ms must be more than 0 and at most 600000, not ${maxLatencyP99Ms}`;
  }
  if (!(Number.isInteger(minRequests) && minRequests >= 1)) {
    return `min-requests must be a whole number of at least 1, not ${minRequests}`;
  }
  return undefined;
}

/**
 * Parses the `ops-portal/canary-thresholds` annotation, `min-success-rate=99.5, max-p99-ms=300,
 * min-requests=50` (any subset, in any order), over `defaults`. Unknown keys, repeated keys,
 * values that are not numbers or out of range are an error naming the problem.
 * @public
 */
export function parseCanaryThresholds(
  value: string,
  defaults: CanaryThresholds,
): { thresholds: CanaryThresholds } | { error: string } {
  const result: CanaryThresholds = { ...defaults };
  const seen = new Set<string>();
  const parts = value
    .split(',')
    .map(part => part.trim())
    .filter(part => part.length > 0);
  if (parts.length === 0) {
    return { error: 'the annotation is empty' };
  }
  for (const part of parts) {
    const match = /^([a-z0-9-]+)\s*=\s*([0-9]+(?:\.[0-9]+)?)$/.exec(part);
    if (!match) {
      return {
        error: `"${part}" is not key=number (keys: ${Object.keys(
          THRESHOLD_KEYS,
        ).join(', ')})`,
      };
    }
    const key = THRESHOLD_KEYS[match[1]];
    if (!key) {
      return {
        error: `unknown key "${match[1]}" (keys: ${Object.keys(
          THRESHOLD_KEYS,
        ).join(', ')})`,
      };
    }
    if (seen.has(key)) return { error: `"${match[1]}" is given twice` };
    seen.add(key);
    result[key] = Number(match[2]);
  }
  const problem = canaryThresholdsProblem(result);
  return problem ? { error: problem } : { thresholds: result };
}
