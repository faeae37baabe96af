export { trafficApiRef } from './TrafficApi';
export type { TrafficApi } from './TrafficApi';
export { TrafficClient } from './TrafficClient';
export type { TrafficClientOptions } from './TrafficClient';
export { TrafficConflictError } from './TrafficConflictError';
