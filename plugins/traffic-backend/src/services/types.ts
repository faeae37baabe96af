// The wire types of GET /state and PUT /policy live in traffic-common, shared with the frontend.
export type {
  TrafficNotConfigured,
  TrafficNotConfiguredReason,
  TrafficSaveResponse,
} from '@internal/plugin-traffic-common';
export { isTrafficNotConfigured } from '@internal/plugin-traffic-common';
