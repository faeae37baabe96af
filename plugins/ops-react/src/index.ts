/**
 * Shared frontend pieces of the Ops tab: the blueprint other plugins use to add cards, and the
 * time window every card follows.
 *
 * @packageDocumentation
 */
export * from './blueprints';
export * from './timeRange';
