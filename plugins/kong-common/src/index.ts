export * from './types';
export * from './pluginSettings';
export * from './warnings';
