/**
 * Client of the metrics backend (Prometheus through Backstage) and the time-series chart, shared
 * by the Ops cards of the metrics and ops plugins.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './components/TimeSeriesChart';
export * from './components/DeployMarkers';
