/**
 * Test helpers shared by the backend packages.
 *
 * @packageDocumentation
 */
export * from './startLoopbackBackend';
