import { describe, expect, it } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';
import { assertValidRule, MAX_RATE_LIMIT_DURATION_SEC, parseRateLimitRule } from './rate-limit-rule.js';

describe('parseRateLimitRule', () => {
  it.each([
    ['120/60s', { points: 120, durationSec: 60 }],
    ['10/1s', { points: 10, durationSec: 1 }],
    ['1000/1h', { points: 1000, durationSec: 3600 }],
    ['5/2m', { points: 5, durationSec: 120 }],
    ['30/m', { points: 30, durationSec: 60 }],
    ['100000/1d', { points: 100_000, durationSec: 86_400 }],
    ['  7 / 3S ', { points: 7, durationSec: 3 }],
    ['1/24d', { points: 1, durationSec: 24 * 86_400 }],
  ])('parses %j', (spec, rule) => {
    expect(parseRateLimitRule(spec)).toEqual(rule);
  });

  it.each([
    ['', /Invalid rate limit ""/],
    ['120', /Invalid rate limit "120"/],
    ['120/60', /Invalid rate limit "120\/60"/], // a unit is required: 60 what?
    ['120/60x', /Invalid rate limit/],
    ['120/60ms', /Invalid rate limit/],
    ['-5/1s', /Invalid rate limit/],
    ['1.5/1s', /Invalid rate limit/],
    ['abc/1s', /Invalid rate limit/],
    ['10/1s/2', /Invalid rate limit/],
    ['0/1s', /points must be a whole number of at least 1, got 0/],
    ['10/0s', /at least 1, got 0/],
    ['1/25d', /at most 2147483 s/],
    ['99999999999999999999/1s', /points must be a whole number/],
  ])('rejects %j with a clear invalid_input error', (spec, message) => {
    let caught: unknown;
    try {
      parseRateLimitRule(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(McpKitError);
    expect((caught as McpKitError).code).toBe('invalid_input');
    expect((caught as McpKitError).message).toMatch(message);
  });

  it('tells the reader the expected form', () => {
    expect(() => parseRateLimitRule('lots')).toThrow(/for example "120\/60s", "10\/1s" or "1000\/1h" \(units: s, m, h, d\)/);
  });

  it('rejects a non-string', () => {
    expect(() => parseRateLimitRule(120 as unknown as string)).toThrow(/expected a string, got number/);
  });
});

describe('assertValidRule', () => {
  it('accepts the largest window and rejects one second more', () => {
    expect(() => assertValidRule({ points: 1, durationSec: MAX_RATE_LIMIT_DURATION_SEC }, 'rule')).not.toThrow();
    expect(() => assertValidRule({ points: 1, durationSec: MAX_RATE_LIMIT_DURATION_SEC + 1 }, 'rule')).toThrow(/at most/);
  });

  it.each([
    [{ points: 1, durationSec: 1.5 }, /window must be a whole number of seconds/],
    [{ points: 2.5, durationSec: 1 }, /points must be a whole number/],
    [{ points: Number.NaN, durationSec: 1 }, /got NaN/],
    [{ points: 1, durationSec: -1 }, /got -1/],
    [null, /expected \{ points, durationSec \}/],
  ])('rejects %j and names the rule', (rule, message) => {
    expect(() => assertValidRule(rule as never, 'per-tool rate limit')).toThrow(message);
    expect(() => assertValidRule(rule as never, 'per-tool rate limit')).toThrow(/per-tool rate limit/);
  });
});
