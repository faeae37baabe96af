export { createElasticsearchRouter } from './createElasticsearchRouter';
export type { ElasticsearchRouterOptions } from './createElasticsearchRouter';
export { ElasticsearchStore } from './ElasticsearchStore';
export type { EsHit, EsSearchRequest } from './ElasticsearchStore';
export type { EsDocument } from './queryMatcher';
export {
  createSeededElasticsearchStore,
  seedLogDocuments,
  SEED_LOG_SERVICES,
} from './seedLogs';
export type { SeedLogOptions, SeedService } from './seedLogs';
