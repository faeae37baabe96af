export { trafficApiRef } from './TrafficApi';
export type { TrafficApi } from './TrafficApi';
export { TrafficClient } from './TrafficClient';
export type { TrafficClientOptions } from './TrafficClient';
export { isTrafficState, TrafficConflictError } from './types';
export type {
  TrafficNotConfigured,
  TrafficSaveResponse,
  TrafficStateResult,
} from './types';
