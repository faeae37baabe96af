export * from './types';
export * from './schema';
export * from './istioObjects';
export * from './policy';
