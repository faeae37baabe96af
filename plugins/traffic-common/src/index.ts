export * from './types';
export * from './schema';
export * from './responseSchemas';
export * from './istioObjects';
export * from './policy';
