/**
 * Golden signals of an entity from Prometheus: Kong routes, Istio versions, HPA history and the
 * observed traffic split.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
export * from './services/PrometheusClient';
export * from './services/PrometheusInstances';
