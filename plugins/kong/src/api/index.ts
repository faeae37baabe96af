export { KongClient, kongApiRef } from './KongClient';
export type { KongApi } from './KongClient';
