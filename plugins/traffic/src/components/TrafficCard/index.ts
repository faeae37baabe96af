export { TrafficCard } from './TrafficCard';
export type { TrafficCardProps } from './TrafficCard';
