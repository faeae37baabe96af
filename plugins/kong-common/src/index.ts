/**
 * The Kong card's model, shared by the Kong frontend and backend plugins: route, plugin and
 * upstream summaries, key plugin settings and the warnings derived from them.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './pluginSettings';
export * from './warnings';
