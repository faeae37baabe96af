/**
 * The Logs card of the Ops tab: Kibana Discover links for a service, its pods, its errors and
 * its Kong access logs, and the recent error count from Elasticsearch.
 *
 * @packageDocumentation
 */
export { logsPlugin as default } from './plugin';
export { LogsClient, logsApiRef } from './api';
export type { ErrorCountResponse, LogsApi } from './api';
export { LogsCard } from './components/LogsCard';
export { logsApi, logsCard } from './extensions';
