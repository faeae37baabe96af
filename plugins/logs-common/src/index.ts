/**
 * Kibana Discover links, KQL builders, log queries and the log field mapping, shared by the logs
 * frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './kql';
export * from './discoverUrl';
export * from './logFields';
export * from './logQueries';
