import { Config } from '@backstage/config';
import {
  canaryThresholdsProblem,
  CanaryThresholds,
  DEFAULT_CANARY_INTERVAL_SECONDS,
  DEFAULT_CANARY_THRESHOLDS,
  MAX_CANARY_INTERVAL_SECONDS,
  MIN_CANARY_INTERVAL_SECONDS,
} from '@internal/plugin-metrics-common';

/** `opsPortal.metrics.canary`, with defaults. @public */
export interface CanaryConfig {
  intervalSeconds: number;
  thresholds: CanaryThresholds;
}

const KEY = 'opsPortal.metrics.canary';

/**
 * Reads `opsPortal.metrics.canary`: the analysis interval and the default thresholds (Flagger's
 * when absent). An out-of-range value stops the backend with the key and the rule it broke.
 * @public
 */
export function readCanaryConfig(config: Config): CanaryConfig {
  const block = config.getOptionalConfig(KEY);
  const intervalSeconds =
    block?.getOptionalNumber('intervalSeconds') ??
    DEFAULT_CANARY_INTERVAL_SECONDS;
  if (
    !Number.isInteger(intervalSeconds) ||
    intervalSeconds < MIN_CANARY_INTERVAL_SECONDS ||
    intervalSeconds > MAX_CANARY_INTERVAL_SECONDS
  ) {
    throw new Error(
      `Invalid config '${KEY}.intervalSeconds': ${intervalSeconds} is not a whole number of seconds from ${MIN_CANARY_INTERVAL_SECONDS} to ${MAX_CANARY_INTERVAL_SECONDS}`,
    );
  }
  const thresholds: CanaryThresholds = {
    minSuccessRate:
      block?.getOptionalNumber('minSuccessRate') ??
      DEFAULT_CANARY_THRESHOLDS.minSuccessRate,
    maxLatencyP99Ms:
      block?.getOptionalNumber('maxLatencyP99Ms') ??
      DEFAULT_CANARY_THRESHOLDS.maxLatencyP99Ms,
    minRequests:
      block?.getOptionalNumber('minRequests') ??
      DEFAULT_CANARY_THRESHOLDS.minRequests,
  };
  const problem = canaryThresholdsProblem(thresholds);
  if (problem) throw new Error(`Invalid config '${KEY}': ${problem}`);
  return { intervalSeconds, thresholds };
}
