export { LogsClient, logsApiRef } from './LogsClient';
export type { ErrorCountResponse, LogsApi } from './LogsClient';
