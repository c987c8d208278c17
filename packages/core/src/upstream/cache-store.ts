/**
 * Where the upstream client keeps GET responses. Async so a shared store (Redis) can be
 * plugged in later; values are plain JSON so any store can serialise them.
 */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** When it was fetched (epoch ms), so the client can tell fresh from stale. */
  storedAt?: number;
}

export interface CacheStore {
  /** The entry under `key`, or `undefined` when missing or expired. */
  get(key: string): Promise<CachedResponse | undefined>;
  /** Stores `value` for `ttlMs` milliseconds (its freshness plus any stale-if-error window). */
  set(key: string, value: CachedResponse, ttlMs: number): Promise<void>;
}
