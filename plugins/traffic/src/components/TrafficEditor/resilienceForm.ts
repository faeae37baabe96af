import type { ResiliencePolicy } from '@internal/plugin-traffic-common';

/**
 * The resilience editor's state: one section per setting, each with an enable toggle and the
 * text of its inputs (kept as typed, so a bad value can be shown next to its field).
 */
export interface ResilienceForm {
  delay: { enabled: boolean; fixedDelay: string; percentage: string };
  abort: { enabled: boolean; httpStatus: string; percentage: string };
  retries: {
    enabled: boolean;
    attempts: string;
    perTryTimeout: string;
    retryOn: string;
  };
  timeout: { enabled: boolean; value: string };
  outlier: {
    enabled: boolean;
    consecutive5xxErrors: string;
    consecutiveGatewayErrors: string;
    interval: string;
    baseEjectionTime: string;
    maxEjectionPercent: string;
  };
  consistentHash: { enabled: boolean; header: string };
}

/** A section of the form. */
export type ResilienceSection = keyof ResilienceForm;

const text = (value: string | number | undefined) =>
  value === undefined ? '' : String(value);

/** The form for a policy; disabled sections carry defaults to start from when enabled. */
export function resilienceFormFrom(policy: ResiliencePolicy): ResilienceForm {
  const { fault, retries, timeout, outlierDetection: od } = policy;
  return {
    delay: {
      enabled: Boolean(fault?.delay),
      fixedDelay: fault?.delay?.fixedDelay ?? '5s',
      percentage: text(fault?.delay?.percentage ?? 10),
    },
    abort: {
      enabled: Boolean(fault?.abort),
      httpStatus: text(fault?.abort?.httpStatus ?? 503),
      percentage: text(fault?.abort?.percentage ?? 10),
    },
    retries: {
      enabled: Boolean(retries),
      attempts: text(retries?.attempts ?? 3),
      perTryTimeout: retries ? text(retries.perTryTimeout) : '2s',
      retryOn: retries ? text(retries.retryOn) : '5xx,connect-failure',
    },
    timeout: { enabled: Boolean(timeout), value: timeout ?? '10s' },
    outlier: {
      enabled: Boolean(od),
      consecutive5xxErrors: od ? text(od.consecutive5xxErrors) : '5',
      consecutiveGatewayErrors: od ? text(od.consecutiveGatewayErrors) : '',
      interval: od ? text(od.interval) : '10s',
      baseEjectionTime: od ? text(od.baseEjectionTime) : '30s',
      maxEjectionPercent: od ? text(od.maxEjectionPercent) : '50',
    },
    consistentHash: {
      enabled: Boolean(policy.consistentHashHeader),
      header: policy.consistentHashHeader ?? 'x-user-id',
    },
  };
}

// A required number: empty or not numeric gives NaN, which the schema reports as not a number.
const required = (value: string) =>
  value.trim() === '' ? NaN : Number(value.trim());
const optionalNumber = (value: string) =>
  value.trim() === '' ? undefined : Number(value.trim());
const optionalText = (value: string) =>
  value.trim() === '' ? undefined : value.trim();

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/** The policy the form describes; only enabled sections are set. */
export function resiliencePolicyFrom(form: ResilienceForm): ResiliencePolicy {
  const policy: ResiliencePolicy = {};
  if (form.delay.enabled || form.abort.enabled) {
    policy.fault = {};
    if (form.delay.enabled) {
      policy.fault.delay = {
        fixedDelay: form.delay.fixedDelay.trim(),
        percentage: required(form.delay.percentage),
      };
    }
    if (form.abort.enabled) {
      policy.fault.abort = {
        httpStatus: required(form.abort.httpStatus),
        percentage: required(form.abort.percentage),
      };
    }
  }
  if (form.retries.enabled) {
    policy.retries = withoutUndefined({
      attempts: required(form.retries.attempts),
      perTryTimeout: optionalText(form.retries.perTryTimeout),
      retryOn: optionalText(form.retries.retryOn),
    });
  }
  if (form.timeout.enabled) policy.timeout = form.timeout.value.trim();
  if (form.outlier.enabled) {
    const od = form.outlier;
    policy.outlierDetection = withoutUndefined({
      consecutive5xxErrors: optionalNumber(od.consecutive5xxErrors),
      consecutiveGatewayErrors: optionalNumber(od.consecutiveGatewayErrors),
      interval: optionalText(od.interval),
      baseEjectionTime: optionalText(od.baseEjectionTime),
      maxEjectionPercent: optionalNumber(od.maxEjectionPercent),
    });
  }
  if (form.consistentHash.enabled) {
    policy.consistentHashHeader = form.consistentHash.header.trim();
  }
  return policy;
}

// Schema paths under `resilience` → the form field that shows the message.
const FIELD_OF_PATH: Record<string, string> = {
  'fault.delay.fixedDelay': 'delay.fixedDelay',
  'fault.delay.percentage': 'delay.percentage',
  'fault.abort.httpStatus': 'abort.httpStatus',
  'fault.abort.percentage': 'abort.percentage',
  'retries.attempts': 'retries.attempts',
  'retries.perTryTimeout': 'retries.perTryTimeout',
  'retries.retryOn': 'retries.retryOn',
  timeout: 'timeout.value',
  'outlierDetection.consecutive5xxErrors': 'outlier.consecutive5xxErrors',
  'outlierDetection.consecutiveGatewayErrors':
    'outlier.consecutiveGatewayErrors',
  'outlierDetection.interval': 'outlier.interval',
  'outlierDetection.baseEjectionTime': 'outlier.baseEjectionTime',
  'outlierDetection.maxEjectionPercent': 'outlier.maxEjectionPercent',
  consistentHashHeader: 'consistentHash.header',
};

/** The form field (`section.field`) a schema issue under `resilience` belongs to. */
export function resilienceFieldOf(path: Array<string | number>): string {
  return FIELD_OF_PATH[path.join('.')] ?? path.join('.');
}
