/**
 * Golden signals of a service on the Ops tab, and the client of the metrics backend (Prometheus
 * through Backstage) that other Ops cards reuse.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
export * from './api';
export { goldenSignalsCard, metricsApi } from './extensions';
export {
  TimeSeriesChart,
  formatMetricValue,
  formatSampleTime,
} from './components/TimeSeriesChart';
export type { TimeSeriesChartProps } from './components/TimeSeriesChart';
export { GoldenSignalsCard } from './components/GoldenSignalsCard';
