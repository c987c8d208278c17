import { invalidInput } from '../errors/mcpkit-error.js';
import type { Logger } from '../logging/logger-types.js';
import { silentLogger } from '../logging/logger-types.js';
import { abortableSleep } from './abortable-sleep.js';
import type { CacheStore } from './cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';
import type { UpstreamClientOptions } from './upstream-types.js';

/** Every option checked and defaulted, once, when the client is made. */
export interface ResolvedOptions {
  name: string;
  baseUrl: URL;
  userAgent: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  breaker: { failureThreshold: number; resetAfterMs: number } | undefined;
  cache: { ttlMs: number; staleIfErrorMs: number; store: CacheStore } | undefined;
  maxBodyBytes: number;
  logger: Logger;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export function resolveOptions(options: UpstreamClientOptions): ResolvedOptions {
  const {
    name,
    baseUrl,
    userAgent,
    headers = {},
    timeoutMs = 10_000,
    retries = 2,
    baseDelayMs = 250,
    maxDelayMs = 10_000,
    maxRetryAfterMs = 30_000,
    breaker = {},
    cache = {},
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    logger = silentLogger,
    now = Date.now,
    sleep = abortableSleep,
    random = Math.random,
  } = options;

  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidInput('createUpstreamClient: name must be a non-empty string (e.g. "Open-Meteo").');
  }
  const fail = (message: string) => invalidInput(`createUpstreamClient(${name}): ${message}`);

  let base: URL;
  try {
    base = new URL(String(baseUrl));
  } catch {
    throw fail('baseUrl must be an absolute http(s) URL.');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw fail('baseUrl must use http or https.');
  if (base.search !== '' || base.hash !== '') {
    throw fail('baseUrl must not carry a query or fragment; pass query parameters per call.');
  }
  if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n]/.test(userAgent)) {
    throw fail('userAgent must be a non-empty single-line string (e.g. "mcpkit-weather/1.0 (+https://…)").');
  }
  const normalizedHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    // Name only in the message: the value may be a credential.
    if (typeof value !== 'string' || /[\r\n]/.test(value)) throw fail(`header "${key}" must be a single-line string.`);
    normalizedHeaders[key.toLowerCase()] = value;
  }

  positive('timeoutMs', timeoutMs, fail);
  integerAtLeast('retries', retries, 0, fail);
  atLeastZero('baseDelayMs', baseDelayMs, fail);
  atLeastZero('maxDelayMs', maxDelayMs, fail);
  atLeastZero('maxRetryAfterMs', maxRetryAfterMs, fail);
  integerAtLeast('maxBodyBytes', maxBodyBytes, 1, fail);

  let resolvedBreaker: ResolvedOptions['breaker'];
  if (breaker !== false) {
    const { failureThreshold = 5, resetAfterMs = 30_000 } = breaker;
    integerAtLeast('breaker.failureThreshold', failureThreshold, 1, fail);
    positive('breaker.resetAfterMs', resetAfterMs, fail);
    resolvedBreaker = { failureThreshold, resetAfterMs };
  }

  let resolvedCache: ResolvedOptions['cache'];
  if (cache !== false) {
    const { ttlMs = 0, staleIfErrorMs = 0, maxEntries = 500, store } = cache;
    atLeastZero('cache.ttlMs', ttlMs, fail);
    atLeastZero('cache.staleIfErrorMs', staleIfErrorMs, fail);
    integerAtLeast('cache.maxEntries', maxEntries, 1, fail);
    resolvedCache = { ttlMs, staleIfErrorMs, store: store ?? createMemoryCacheStore({ maxEntries, now }) };
  }

  return {
    name,
    baseUrl: base,
    userAgent,
    headers: normalizedHeaders,
    timeoutMs,
    retries,
    baseDelayMs,
    maxDelayMs,
    maxRetryAfterMs,
    breaker: resolvedBreaker,
    cache: resolvedCache,
    maxBodyBytes,
    logger,
    now,
    sleep,
    random,
  };
}

type Fail = (message: string) => Error;

function positive(field: string, value: number, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw fail(`${field} must be a positive number of milliseconds, got ${String(value)}.`);
  }
}

function atLeastZero(field: string, value: number, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw fail(`${field} must be a number ≥ 0, got ${String(value)}.`);
  }
}

function integerAtLeast(field: string, value: number, min: number, fail: Fail): void {
  if (!Number.isInteger(value) || value < min) throw fail(`${field} must be an integer ≥ ${min}, got ${String(value)}.`);
}
