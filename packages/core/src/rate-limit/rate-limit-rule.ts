import { invalidInput } from '../errors/mcpkit-error.js';

/** At most `points` points per window of `durationSec` seconds, e.g. 120 calls per 60 s. */
export interface RateLimitRule {
  points: number;
  durationSec: number;
}

/**
 * The longest window a bucket may have. The memory store expires keys with `setTimeout`,
 * whose delay is a signed 32-bit number of ms (~24.8 days); a longer window would
 * overflow and expire at once, silently lifting the limit.
 */
export const MAX_RATE_LIMIT_DURATION_SEC = 2_147_483;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

// points "/" optional count, unit; e.g. "120/60s", "10/1s", "1000/1h", "30/m".
const RULE_PATTERN = /^(\d+)\s*\/\s*(\d+)?\s*([smhd])$/;

const EXPECTED = 'Write it as <points>/<duration><unit>, for example "120/60s", "10/1s" or "1000/1h" (units: s, m, h, d).';

/**
 * Parses a rate-limit spec such as `"120/60s"` (120 points per 60 seconds), `"10/1s"`,
 * `"1000/1h"` or `"30/m"` (the count before the unit defaults to 1). Whitespace around
 * the parts and upper-case units are accepted.
 *
 * @throws McpKitError `invalid_input` naming the bad spec and the expected form.
 */
export function parseRateLimitRule(spec: string): RateLimitRule {
  if (typeof spec !== 'string') {
    throw invalidInput(`Invalid rate limit: expected a string, got ${typeof spec}. ${EXPECTED}`);
  }
  const match = RULE_PATTERN.exec(spec.trim().toLowerCase());
  if (!match) {
    throw invalidInput(`Invalid rate limit "${spec}". ${EXPECTED}`);
  }
  const [, pointsText, countText, unit] = match;
  const unitSeconds = UNIT_SECONDS[unit ?? ''];
  if (pointsText === undefined || unitSeconds === undefined) {
    throw invalidInput(`Invalid rate limit "${spec}". ${EXPECTED}`);
  }
  const rule = {
    points: Number(pointsText),
    durationSec: Number(countText ?? '1') * unitSeconds,
  };
  assertValidRule(rule, `rate limit "${spec}"`);
  return rule;
}

/**
 * Checks a rule given as an object (from code or parsed config): both numbers must be
 * positive integers, and the window at most {@link MAX_RATE_LIMIT_DURATION_SEC}.
 * Whole seconds because the Redis store sets expiry in seconds and would round down.
 *
 * @throws McpKitError `invalid_input` saying which part is wrong.
 */
export function assertValidRule(rule: RateLimitRule, label: string): void {
  if (typeof rule !== 'object' || rule === null) {
    throw invalidInput(`Invalid ${label}: expected { points, durationSec }. ${EXPECTED}`);
  }
  const { points, durationSec } = rule;
  if (!Number.isSafeInteger(points) || points < 1) {
    throw invalidInput(`Invalid ${label}: points must be a whole number of at least 1, got ${String(points)}.`);
  }
  if (!Number.isSafeInteger(durationSec) || durationSec < 1) {
    throw invalidInput(`Invalid ${label}: the window must be a whole number of seconds, at least 1, got ${String(durationSec)}.`);
  }
  if (durationSec > MAX_RATE_LIMIT_DURATION_SEC) {
    throw invalidInput(
      `Invalid ${label}: the window may be at most ${MAX_RATE_LIMIT_DURATION_SEC} s (about 24 days), got ${durationSec} s.`,
    );
  }
}
