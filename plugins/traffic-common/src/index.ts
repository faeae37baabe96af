/**
 * The traffic editor's model, shared by the traffic frontend and backend plugins: types,
 * request and response schemas, the Istio mapping and the edit rules.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './schema';
export * from './responseSchemas';
export * from './istioObjects';
export * from './policy';
export * from './rollout';
export * from './rolloutSchema';
