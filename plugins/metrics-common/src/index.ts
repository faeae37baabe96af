/**
 * PromQL builders of the ops portal: escaping, selectors, and one grouped query per panel.
 */
export * from './contract';
export * from './escape';
export * from './selector';
export * from './window';
export * from './kong';
export * from './istio';
export * from './hpa';
