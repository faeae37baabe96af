/**
 * Golden signals of a service on the Ops tab. The client of the metrics backend and the chart
 * live in `@internal/plugin-metrics-react`, for other Ops cards to reuse.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
export { goldenSignalsCard, metricsApi } from './extensions';
export { GoldenSignalsCard } from './components/GoldenSignalsCard';
