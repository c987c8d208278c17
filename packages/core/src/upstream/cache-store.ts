/**
 * Where the upstream client keeps GET responses. Async so a shared store (Redis) can be
 * plugged in later; values are plain JSON so any store can serialise them.
 */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface CacheStore {
  /** The entry under `key`, or `undefined` when missing or expired. */
  get(key: string): Promise<CachedResponse | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: CachedResponse, ttlMs: number): Promise<void>;
}
