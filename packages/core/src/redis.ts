// @mcpkit/core/redis — the Redis client core uses for shared rate limits. Named exports only.
export { createRedisClient } from './rate-limit/redis-client.js';
