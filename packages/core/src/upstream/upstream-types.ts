import type { Dispatcher } from 'undici';
import type { Logger } from '../logging/logger-types.js';
import type { CacheStore } from './cache-store.js';

/** A query value; `undefined`/`null` are left out, arrays repeat the key (`a=1&a=2`). */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;
export type Query = Readonly<Record<string, QueryValue>>;

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failed calls (network error, timeout, 5xx after retries) that open the breaker. @default 5 */
  failureThreshold?: number;
  /**
   * How long the breaker stays open before one probe call is let through (with a single
   * attempt, no retries; other calls keep failing fast until it ends). @default 30_000
   */
  resetAfterMs?: number;
}

export interface ClientCacheOptions {
  /**
   * How long a successful GET stays fresh when the call names no `ttlMs`. 0 caches only
   * the calls that ask for it with their own `ttlMs`. @default 0
   */
  ttlMs?: number;
  /**
   * How long past its TTL an entry is still kept to answer when the upstream fails (down,
   * timing out, 5xx, 429 or breaker open); such answers carry `stale: true`. @default 0
   */
  staleIfErrorMs?: number;
  /** Entries kept by the default in-memory store (least recently used go first). @default 500 */
  maxEntries?: number;
  /** Where entries live; an in-memory LRU when omitted (plug a Redis store here). */
  store?: CacheStore;
}

export interface UpstreamClientOptions {
  /** Human name of the upstream for messages and logs ("Open-Meteo"). */
  name: string;
  /** Absolute http(s) URL; request paths are appended to it (`/v1` + `/forecast`). */
  baseUrl: string | URL;
  /** Sent on every request. Required: public APIs ask clients to identify themselves. */
  userAgent: string;
  /**
   * Default headers (e.g. `authorization`). Sent on every request, never logged and never
   * put in an error message. Per-call headers override them by name.
   */
  headers?: Readonly<Record<string, string>>;
  /** Time limit of one attempt, from sending to the last body byte. @default 10_000 */
  timeoutMs?: number;
  /** Extra attempts for GET/HEAD after a network error, 429, 500, 502, 503 or 504. @default 2 */
  retries?: number;
  /** First backoff ceiling; doubles per retry, full jitter. @default 250 */
  baseDelayMs?: number;
  /** Largest backoff ceiling. @default 10_000 */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the call fails at once. @default 30_000 */
  maxRetryAfterMs?: number;
  /** Circuit breaker settings, or `false` for none. @default { failureThreshold: 5, resetAfterMs: 30_000 } */
  breaker?: BreakerOptions | false;
  /** Response cache for GET, or `false` for none. @default { ttlMs: 0, maxEntries: 500 } */
  cache?: ClientCacheOptions | false;
  /** Larger responses are cut off with an error. @default 5 MiB */
  maxBodyBytes?: number;
  /**
   * Connection pool to use; the caller keeps ownership and `close()` leaves it open.
   * @default a keep-alive undici `Agent` owned by the client
   */
  dispatcher?: Dispatcher;
  /** @default silentLogger */
  logger?: Logger;
  /** Clock for the breaker, cache and HTTP-date `Retry-After`. @default Date.now */
  now?: () => number;
  /** Backoff wait; must reject when `signal` aborts. @default a timer that honours the signal */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface UpstreamRequest {
  /** @default 'GET' */
  method?: HttpMethod;
  /**
   * Appended to the base URL; an absolute URL must have the base URL's origin. Encode
   * user-supplied segments (`encodeURIComponent`); `.` and `..` segments are refused.
   */
  path: string;
  query?: Query;
  /** A string or bytes are sent as is; anything else as JSON. */
  body?: unknown;
  /** Per-call headers; they override default headers by name (never `user-agent`). */
  headers?: Readonly<Record<string, string>>;
  /** Cancels the call, including an attempt in flight and a backoff wait. */
  signal?: AbortSignal;
  /**
   * Statuses outside 2xx returned as a response instead of thrown (e.g. `[404]` to test
   * existence). Retryable statuses are still retried first.
   */
  acceptStatus?: readonly number[];
  /** Freshness of this GET in the cache, overriding the client's `ttlMs`. */
  ttlMs?: number;
  /**
   * Checks (and may convert) a 2xx body before it is returned or cached; a throw makes the
   * call fail as an upstream fault (counted by the breaker, never cached, answered from a
   * stale entry where there is one). Calls that share a flight share the first one's check.
   */
  validate?: (body: unknown) => unknown;
  /** How long past `ttlMs` this GET may be answered from the cache when the upstream fails, overriding the client's. */
  staleIfErrorMs?: number;
  /** `false` neither reads nor writes the cache for this call. @default true */
  cache?: boolean;
}

export type GetJsonOptions = Omit<UpstreamRequest, 'method' | 'path' | 'body' | 'acceptStatus'>;

export interface UpstreamResponse<T = unknown> {
  status: number;
  /** Response headers, lower-case names, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON for JSON content types, text otherwise ('' when empty; `null` for empty JSON). */
  body: T;
  fromCache: boolean;
  /** Served from the cache past its TTL because the upstream failed (see `staleIfErrorMs`). */
  stale?: boolean;
  /** How old a cached answer is, in ms. */
  ageMs?: number;
}

export interface UpstreamStats {
  /** Attempts sent upstream, retries included. */
  requests: number;
  cacheHits: number;
  /** Failed calls answered from a stale cache entry instead. */
  staleHits: number;
  /** Calls that joined an identical GET already in flight instead of sending their own. */
  sharedCalls: number;
  retries: number;
  breakerState: BreakerState;
}

export interface UpstreamClient {
  readonly name: string;
  /** GET a JSON document; throws an `McpKitError` for anything but a 2xx answer. */
  getJson<T = unknown>(path: string, options?: GetJsonOptions): Promise<T>;
  request<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  stats(): UpstreamStats;
  /**
   * Releases the connection pool the client owns (a caller-supplied `dispatcher` is left
   * open), after calls in flight end; later calls fail with `unavailable`. Idempotent.
   */
  close(): Promise<void>;
}
