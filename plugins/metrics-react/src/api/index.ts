export { metricsApiRef } from './MetricsApi';
export type { MetricsApi } from './MetricsApi';
export { MetricsClient } from './MetricsClient';
export type { MetricsClientOptions } from './MetricsClient';
export * from './types';
