// The wire types of GET /state and PUT /policy live in ops-common, shared with the frontend.
export type {
  TrafficNotConfigured,
  TrafficNotConfiguredReason,
  TrafficSaveResponse,
} from '@internal/plugin-ops-common';
export { isTrafficNotConfigured } from '@internal/plugin-ops-common';
