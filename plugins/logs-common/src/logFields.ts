/**
 * Where the log documents keep what the Logs card filters on. The defaults are what Fluentd's
 * kubernetes metadata filter writes (label keys with `.` replaced by `_`) and what Kong's
 * `tcp-log` plugin sends; each one can be renamed in `opsPortal.logs.kibana.fields`.
 * @public
 */
export interface LogFieldMapping {
  /** Namespace of the pod. Default `kubernetes.namespace_name`. */
  namespace: string;
  /** Pod name. Default `kubernetes.pod_name`. */
  pod: string;
  /** Container name. Default `kubernetes.container_name`. */
  container: string;
  /** The pod label naming the service (its value is the kubernetes-id). Default `kubernetes.labels.app`. */
  app: string;
  /** Log level written by the application. Default `level`. */
  level: string;
  /** The log line. Default `log` (Fluentd's container log field). */
  message: string;
  /** Values of {@link LogFieldMapping.level} that count as errors. Default `error`, `fatal`, `critical`. */
  errorLevels: string[];
  /** HTTP status the application logs, if it does; no status condition when absent. */
  httpStatus?: string;
  /** Smallest HTTP status that counts as an error. Default 500. */
  errorStatusFrom: number;
  /** Kong route name (tcp-log `route.name`). */
  kongRoute: string;
  /** Kong service name (tcp-log `service.name`). */
  kongService: string;
  /** Response status (tcp-log `response.status`). */
  kongStatus: string;
  /** Request method (tcp-log `request.method`). */
  kongMethod: string;
  /** Request URI (tcp-log `request.uri`). */
  kongUri: string;
}

/** The field mapping without any config. @public */
export const DEFAULT_LOG_FIELDS: Readonly<LogFieldMapping> = Object.freeze({
  namespace: 'kubernetes.namespace_name',
  pod: 'kubernetes.pod_name',
  container: 'kubernetes.container_name',
  app: 'kubernetes.labels.app',
  level: 'level',
  message: 'log',
  errorLevels: ['error', 'fatal', 'critical'],
  errorStatusFrom: 500,
  kongRoute: 'route.name',
  kongService: 'service.name',
  kongStatus: 'response.status',
  kongMethod: 'request.method',
  kongUri: 'request.uri',
});

/** The subset of Backstage's `Config` the mapping is read with (frontend and backend). @public */
export interface LogFieldsConfigReader {
  getOptionalString(key: string): string | undefined;
  getOptionalStringArray(key: string): string[] | undefined;
  getOptionalNumber(key: string): number | undefined;
}

const STRING_KEYS = [
  'namespace',
  'pod',
  'container',
  'app',
  'level',
  'message',
  'httpStatus',
  'kongRoute',
  'kongService',
  'kongStatus',
  'kongMethod',
  'kongUri',
] as const;

/**
 * The field mapping from the `opsPortal.logs.kibana.fields` config block (pass that block, or
 * undefined for the defaults). The frontend builds links and the backend counts errors with the
 * same mapping.
 * @public
 */
export function readLogFieldMapping(
  fields: LogFieldsConfigReader | undefined,
): LogFieldMapping {
  const mapping: LogFieldMapping = {
    ...DEFAULT_LOG_FIELDS,
    errorLevels: [...DEFAULT_LOG_FIELDS.errorLevels],
  };
  if (!fields) return mapping;
  for (const key of STRING_KEYS) {
    const value = fields.getOptionalString(key);
    if (value) mapping[key] = value;
  }
  const errorLevels = fields.getOptionalStringArray('errorLevels');
  if (errorLevels && errorLevels.length > 0) mapping.errorLevels = errorLevels;
  const errorStatusFrom = fields.getOptionalNumber('errorStatusFrom');
  if (errorStatusFrom !== undefined) mapping.errorStatusFrom = errorStatusFrom;
  return mapping;
}
