export { OpsArgoCdClient } from './OpsArgoCdClient';
export type { OpsArgoCdClientOptions } from './OpsArgoCdClient';
