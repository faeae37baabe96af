/**
 * The Kong card of the ops portal's Ops tab.
 *
 * @packageDocumentation
 */
export { kongPlugin as default } from './plugin';
export * from './api';
export { KongCard } from './components/KongCard';
