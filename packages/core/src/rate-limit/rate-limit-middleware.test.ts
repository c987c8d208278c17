import { describe, expect, it } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';
import type { ToolMiddleware } from '../middleware/types.js';
import { rateLimitMiddleware } from './rate-limit-middleware.js';
import { createRateLimiter } from './rate-limiter.js';

function call(principal: { id: string; kind?: string }, name: string, cost = 1) {
  return { principal, tool: { name, cost }, requestId: 'r-1' };
}

function countingNext<T>(value: T) {
  const next = async () => {
    next.calls += 1;
    return value;
  };
  next.calls = 0;
  return next;
}

describe('rateLimitMiddleware', () => {
  it('passes an allowed call through and returns what next returned', async () => {
    const middleware = rateLimitMiddleware(createRateLimiter({ perPrincipal: { points: 2, durationSec: 60 } }));
    const next = countingNext({ content: [], isError: false });
    await expect(middleware(call({ id: 'alice' }, 'search'), next)).resolves.toEqual({ content: [], isError: false });
    expect(next.calls).toBe(1);
  });

  it('throws rate_limited with retryAfterMs and does not call next once the limit is reached', async () => {
    const middleware = rateLimitMiddleware(createRateLimiter({ perPrincipal: { points: 3, durationSec: 60 } }));
    const next = countingNext('ran');
    await middleware(call({ id: 'alice' }, 'export', 2), next);
    expect(next.calls).toBe(1);

    let caught: unknown;
    try {
      await middleware(call({ id: 'alice' }, 'export', 2), next);
    } catch (error) {
      caught = error;
    }
    expect(next.calls).toBe(1);
    expect(caught).toBeInstanceOf(McpKitError);
    const error = caught as McpKitError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(error.message).toBe('Rate limit reached for export: try again in 60 s.');

    // The refused call cost nothing: a 1-point call still fits.
    await expect(middleware(call({ id: 'alice' }, 'search', 1), next)).resolves.toBe('ran');
    expect(next.calls).toBe(2);
  });

  it('rounds a sub-second wait up to 1 s in the message', async () => {
    const middleware = rateLimitMiddleware({
      consume: async () => ({ allowed: false, retryAfterMs: 120, remaining: 0 }),
      close: async () => {},
    });
    await expect(middleware(call({ id: 'alice' }, 'search'), countingNext(1))).rejects.toThrow(
      'Rate limit reached for search: try again in 1 s.',
    );
  });

  it('keeps principals of different kinds with the same id apart', async () => {
    const middleware = rateLimitMiddleware(createRateLimiter({ perPrincipal: { points: 1, durationSec: 60 } }));
    const next = countingNext('ran');
    await middleware(call({ id: 'alice', kind: 'api-key' }, 'search'), next);
    await expect(middleware(call({ id: 'alice', kind: 'api-key' }, 'search'), next)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await expect(middleware(call({ id: 'alice', kind: 'oauth' }, 'search'), next)).resolves.toBe('ran');
    await expect(middleware(call({ id: 'alice' }, 'search'), next)).resolves.toBe('ran');
    expect(next.calls).toBe(3);
  });

  it('lets a store failure through as is and does not call next', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 5, durationSec: 60 } });
    await limiter.close();
    const next = countingNext('ran');
    await expect(rateLimitMiddleware(limiter)(call({ id: 'alice' }, 'search'), next)).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(next.calls).toBe(0);
  });

  it('fits the tool-call chain', () => {
    // Compile-time check: the generic middleware is assignable to the chain's middleware type.
    const chained: ToolMiddleware = rateLimitMiddleware(createRateLimiter({ perPrincipal: { points: 1, durationSec: 1 } }));
    expect(typeof chained).toBe('function');
  });
});
