export * from './kql';
export * from './discoverUrl';
export * from './logFields';
export * from './logQueries';
