// The rate-limit folder's entry, for the server wiring and the package entry; names listed, no `export *`.
export { parseRateLimitRule, MAX_RATE_LIMIT_DURATION_SEC, type RateLimitRule } from './rate-limit-rule.js';
export {
  bucketKeys,
  createRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitStore,
} from './rate-limiter.js';
export { createRedisClient } from './redis-client.js';
export { rateLimitMiddleware } from './rate-limit-middleware.js';
