// @mcpkit/core/upstream — the undici-based client for outside APIs. Named exports only.
export { createUpstreamClient } from './upstream/create-upstream-client.js';
export { createMemoryCacheStore, type MemoryCacheStoreOptions } from './upstream/memory-cache-store.js';
export type {
  BreakerOptions,
  BreakerState,
  ClientCacheOptions,
  GetJsonOptions,
  HttpMethod,
  Query,
  QueryValue,
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
  UpstreamStats,
} from './upstream/upstream-types.js';
