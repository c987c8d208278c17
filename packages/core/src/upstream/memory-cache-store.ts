import { invalidInput } from '../errors/mcpkit-error.js';
import type { CachedResponse, CacheStore } from './cache-store.js';

export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used is dropped first. @default 500 */
  maxEntries?: number;
  /** Clock for expiry. @default Date.now */
  now?: () => number;
}

interface Entry {
  value: CachedResponse;
  expiresAt: number;
}

/**
 * An in-process LRU cache with a TTL per entry. A `Map` keeps insertion order, so
 * re-inserting on every read makes its first key the least recently used one.
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const { maxEntries = 500, now = Date.now } = options;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw invalidInput(`Cache maxEntries must be a positive integer, got ${String(maxEntries)}.`);
  }
  const entries = new Map<string, Entry>();

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlMs) {
      entries.delete(key);
      if (!(ttlMs > 0)) return;
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
  };
}
