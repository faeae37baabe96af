/**
 * Shared frontend pieces of the Ops tab: the blueprint other plugins use to add cards, the time
 * window every card follows, the signal that makes the cards reload, the cards' table, their
 * unified diff view and the error alert of their dialogs.
 *
 * @packageDocumentation
 */
export * from './blueprints';
export * from './timeRange';
export * from './refresh';
export * from './table';
export * from './diff';
export * from './feedback';
