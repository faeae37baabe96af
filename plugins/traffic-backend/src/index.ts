/**
 * The traffic editor's backend: weights and resilience policy of an entity's Istio objects,
 * saved through the GitOps repository or the cluster.
 *
 * @packageDocumentation
 */
export { trafficPlugin as default } from './plugin';
export type {
  TrafficNotConfigured,
  TrafficNotConfiguredReason,
  TrafficSaveResponse,
} from './services/types';
export { isTrafficNotConfigured } from './services/types';
