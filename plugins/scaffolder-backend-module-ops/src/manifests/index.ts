/**
 * Pure builders of a new service's GitOps manifests, validated against their schemas.
 */
export * from './argoApplication';
export * from './deployment';
export * from './hpa';
export * from './ingress';
export * from './istio';
export * from './kongPlugin';
export * from './kongPlugins';
export * from './labels';
export * from './oidcClientSecret';
export * from './service';
export * from './serviceManifests';
export * from './settings';
export * from './validated';
export * from './yaml';
