/**
 * Load benchmarks of the ops portal's backend plugins against local upstream stand-ins.
 *
 * @packageDocumentation
 */
export * from './backend';
export * from './paths';
export * from './stats';
export * from './upstreams';
