export { OpsArgoCdClient } from './OpsArgoCdClient';
export type { OpsArgoCdClientOptions } from './OpsArgoCdClient';
export { argoActionsApiRef } from './ArgoActionsApi';
export type { ArgoActionsApi } from './ArgoActionsApi';
export { ArgoActionsClient } from './ArgoActionsClient';
export type { ArgoActionsClientOptions } from './ArgoActionsClient';
export { ArgoActionConflictError } from './ArgoActionConflictError';
export { roadieArgoCdApiRef } from './roadieArgoCdApiRef';
