/**
 * PromQL builders of the ops portal (escaping, selectors, one grouped query per panel, the panels of a card in one query) and the
 * wire types of the metrics backend's answers.
 *
 * @packageDocumentation
 */
export * from './contract';
export * from './escape';
export * from './selector';
export * from './window';
export * from './kong';
export * from './istio';
export * from './hpa';
export * from './groupedQuery';
export * from './canary';
export * from './deploys';
