/**
 * The per-service Ops tab: Kubernetes workloads and Argo CD status for a catalog entity.
 *
 * @packageDocumentation
 */
export { opsPlugin as default } from './plugin';
export { OpsCardBlueprint } from '@internal/plugin-ops-react';
export {
  OpsArgoCdClient,
  ArgoActionsClient,
  ArgoActionConflictError,
  argoActionsApiRef,
  roadieArgoCdApiRef,
} from './api';
export type {
  OpsArgoCdClientOptions,
  ArgoActionsApi,
  ArgoActionsClientOptions,
} from './api';
