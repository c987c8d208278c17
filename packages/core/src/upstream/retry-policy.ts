/**
 * When to try an upstream call again and how long to wait first. Pure functions, so the
 * policy is tested on its own and the client only wires it up.
 */

/** Methods safe to send twice: a retried POST could create something twice. */
export function isIdempotentMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Statuses that usually mean "try again shortly" rather than "your request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^retry)), which spreads
 * clients apart better than a fixed or "equal" jitter. `retry` counts from 0.
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeilingMs(retry, baseDelayMs, maxDelayMs));
}

/** The upper bound of the jittered wait before retry number `retry` (from 0). */
export function backoffCeilingMs(retry: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry, 30));
}

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP date. Returns the
 * wait in milliseconds (never negative), or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only a date-shaped value: Date.parse would also accept things like "5 apples".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
