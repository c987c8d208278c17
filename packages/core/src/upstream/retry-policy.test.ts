import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs, isIdempotentMethod, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 30 ', NOW)).toBe(30_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1_500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    for (const value of [undefined, '', '-5', 'soon', '5 apples', '1e3', 'Mon']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });
});

describe('backoff', () => {
  it('doubles the ceiling per retry up to the maximum', () => {
    expect([0, 1, 2, 3, 10, 100].map((retry) => backoffCeilingMs(retry, 250, 1_500))).toEqual([250, 500, 1_000, 1_500, 1_500, 1_500]);
  });

  it('draws a full-jitter wait in [0, ceiling)', () => {
    expect(backoffDelayMs(2, 250, 10_000, () => 0)).toBe(0);
    expect(backoffDelayMs(2, 250, 10_000, () => 0.5)).toBe(500);
    expect(backoffDelayMs(2, 250, 10_000, () => 0.9999)).toBe(999);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(3, 250, 10_000);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2_000);
    }
  });
});

describe('what is retried', () => {
  it('only idempotent methods', () => {
    expect(['GET', 'HEAD'].every(isIdempotentMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isIdempotentMethod)).toBe(false);
  });

  it('only 429 and the transient 5xx statuses', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 422, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});
