/**
 * The Traffic card of the ops portal's Ops tab.
 *
 * @packageDocumentation
 */
export { trafficPlugin as default } from './plugin';
export * from './api';
export { TrafficCard } from './components/TrafficCard';
export type { TrafficCardProps } from './components/TrafficCard';
