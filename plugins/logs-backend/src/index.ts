/**
 * The logs backend plugin: recent error counts from Elasticsearch for the Logs card.
 *
 * @packageDocumentation
 */
export { logsPlugin as default } from './plugin';
export { buildErrorCountQuery } from './services/errorCountQuery';
export type { ErrorCountQueryInput, EsQuery } from './services/errorCountQuery';
export { ElasticsearchClient } from './services/ElasticsearchClient';
export { ErrorCountService } from './services/ErrorCountService';
export type {
  ErrorCountRequest,
  ErrorCountResult,
} from './services/ErrorCountService';
export { readLogsBackendConfig } from './services/readLogsBackendConfig';
export type {
  ElasticsearchConnection,
  LogsBackendConfig,
} from './services/readLogsBackendConfig';
