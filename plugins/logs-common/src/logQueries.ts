import {
  kqlAnd,
  kqlAnyOf,
  kqlAtLeast,
  kqlEquals,
  kqlOr,
  kqlStartsWith,
} from './kql';
import { LogFieldMapping } from './logFields';

/** The service whose logs a query selects. @public */
export interface LogTarget {
  /** Namespace of the workloads. */
  namespace: string;
  /** The kubernetes-id: the value of the service's app label. */
  app: string;
}

/**
 * All log lines of the service, every pod: `namespace and app label`.
 * @public
 */
export function serviceLogsQuery(
  fields: LogFieldMapping,
  target: LogTarget,
): string {
  return kqlAnd(
    kqlEquals(fields.namespace, target.namespace),
    kqlEquals(fields.app, target.app),
  );
}

/**
 * The log lines of one pod: `namespace and pod name`.
 * @public
 */
export function podLogsQuery(
  fields: LogFieldMapping,
  target: Pick<LogTarget, 'namespace'>,
  podName: string,
): string {
  return kqlAnd(
    kqlEquals(fields.namespace, target.namespace),
    kqlEquals(fields.pod, podName),
  );
}

/**
 * The condition that makes a log line an error: its level is one of the error levels, or (when
 * an HTTP status field is configured) its status is at least `errorStatusFrom`.
 * @public
 */
export function errorConditionQuery(fields: LogFieldMapping): string {
  const conditions = [kqlAnyOf(fields.level, fields.errorLevels)];
  if (fields.httpStatus) {
    conditions.push(kqlAtLeast(fields.httpStatus, fields.errorStatusFrom));
  }
  return kqlOr(...conditions);
}

/**
 * The service's error lines: {@link serviceLogsQuery} and {@link errorConditionQuery}.
 * @public
 */
export function errorLogsQuery(
  fields: LogFieldMapping,
  target: LogTarget,
): string {
  return kqlAnd(serviceLogsQuery(fields, target), errorConditionQuery(fields));
}

/**
 * Kong's access log lines (tcp-log) for the service's routes. With explicit Kong service names
 * (the `ops-portal/kong-service` annotation) those names; otherwise every Kong service the
 * Kong Ingress Controller made from the Kubernetes Service `<app>` in `<namespace>`, which it
 * names `<namespace>.<app>.<port>` / `<namespace>.<app>.pnum-<port>`.
 * @public
 */
export function kongAccessLogsQuery(
  fields: LogFieldMapping,
  target: LogTarget,
  kongServices: readonly string[] = [],
): string {
  if (kongServices.length > 0) {
    return kqlAnyOf(fields.kongService, kongServices);
  }
  return kqlStartsWith(
    fields.kongService,
    `${target.namespace}.${target.app}.`,
  );
}

/** The Discover columns of application log links. @public */
export function applicationLogColumns(fields: LogFieldMapping): string[] {
  return [fields.pod, fields.container, fields.level, fields.message];
}

/** The Discover columns of Kong access log links. @public */
export function kongAccessLogColumns(fields: LogFieldMapping): string[] {
  return [
    fields.kongRoute,
    fields.kongMethod,
    fields.kongUri,
    fields.kongStatus,
  ];
}
