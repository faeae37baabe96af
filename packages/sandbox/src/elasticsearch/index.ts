export { createElasticsearchRouter } from './createElasticsearchRouter';
export type { ElasticsearchRouterOptions } from './createElasticsearchRouter';
export { ElasticsearchStore } from './ElasticsearchStore';
export type {
  ElasticsearchStoreOptions,
  EsHit,
  EsSearchRequest,
  EsShards,
  IndicesOptions,
} from './ElasticsearchStore';
export type { EsDocument } from './queryMatcher';
export { FLUENTD_LOG_INDEX_TEMPLATE } from './mapping';
export type {
  EsDynamicTemplate,
  EsFieldMapping,
  EsIndexTemplate,
  NamedIndexTemplate,
} from './mapping';
export {
  createSeededElasticsearchStore,
  seedLogDocuments,
  seedLogEntries,
  SEED_LOG_SERVICES,
} from './seedLogs';
export type { SeedLogEntry, SeedLogOptions, SeedService } from './seedLogs';
