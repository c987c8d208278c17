import { rateLimited } from '../errors/mcpkit-error.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * What this middleware reads of a tool call. The chain's full context is a superset,
 * so the middleware below is assignable to the chain's `ToolMiddleware`.
 */
interface RateLimitedCall {
  /** `kind` (when known) namespaces `id`: an API key's id and an OAuth `sub` may be equal strings. */
  principal: { id: string; kind?: string };
  tool: { name: string; cost: number };
}

/**
 * Charges each tool call its tool's cost against the principal's buckets before the call
 * runs. A refused call throws `rate_limited` with `retryAfterMs` and never reaches `next`;
 * a store outage surfaces as the limiter's `unavailable` error (see `createRateLimiter`).
 */
export function rateLimitMiddleware(
  limiter: RateLimiter,
): <Ctx extends RateLimitedCall, Result>(ctx: Ctx, next: () => Promise<Result>) => Promise<Result> {
  return async (ctx, next) => {
    const { id, kind } = ctx.principal;
    const principalId = kind === undefined ? id : `${kind}:${id}`;
    const decision = await limiter.consume(principalId, ctx.tool.name, ctx.tool.cost);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw rateLimited(`Rate limit reached for ${ctx.tool.name}: try again in ${seconds} s.`, decision.retryAfterMs);
    }
    return next();
  };
}
