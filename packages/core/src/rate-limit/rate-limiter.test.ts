import { afterEach, describe, expect, it, vi } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';
import { rejection } from './rate-limit.fixture.js';
import { bucketKeys, createRateLimiter, type RateLimitDecision, type RateLimiter } from './rate-limiter.js';

/** Runs `count` consumes one after the other and returns the decisions. */
async function consumeMany(limiter: RateLimiter, count: number, principal: string, tool: string, cost = 1) {
  const decisions: RateLimitDecision[] = [];
  for (let i = 0; i < count; i += 1) decisions.push(await limiter.consume(principal, tool, cost));
  return decisions;
}

const allowedCount = (decisions: RateLimitDecision[]) => decisions.filter((d) => d.allowed).length;

afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimiter (memory store)', () => {
  it('admits exactly N calls, then refuses, counting remaining down', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 5, durationSec: 60 } });
    const decisions = await consumeMany(limiter, 8, 'alice', 'search');
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(decisions.slice(0, 5).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(decisions.slice(0, 5).every((d) => d.retryAfterMs === 0)).toBe(true);
    for (const refused of decisions.slice(5)) {
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('admits exactly N of many concurrent calls', async () => {
    const limiter = createRateLimiter({
      perPrincipal: { points: 10, durationSec: 60 },
      perTool: { points: 7, durationSec: 60 },
    });
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('alice', 'search', 1)));
    expect(allowedCount(decisions)).toBe(7);
    // The refusals were refunded: the principal bucket holds exactly the 7 admitted calls.
    expect(allowedCount(await consumeMany(limiter, 5, 'alice', 'other'))).toBe(3);
  });

  it('charges a tool its cost, and a refused costly call leaves its points for cheaper calls', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 10, durationSec: 60 } });
    const costly = await consumeMany(limiter, 4, 'alice', 'export', 3);
    expect(costly.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(costly.map((d) => d.remaining)).toEqual([7, 4, 1, 1]);
    // The refused cost-3 call took nothing: the last point is still there.
    const cheap = await consumeMany(limiter, 2, 'alice', 'search', 1);
    expect(cheap.map((d) => d.allowed)).toEqual([true, false]);
    expect(cheap[0]?.remaining).toBe(0);
  });

  it('counts a cost-0 call without charging it', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 1, durationSec: 60 } });
    expect(await limiter.consume('alice', 'ping', 0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 });
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(true);
    expect((await limiter.consume('alice', 'ping', 0)).allowed).toBe(true);
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(false);
  });

  it('keeps a per-tool bucket per principal and tool', async () => {
    const limiter = createRateLimiter({
      perPrincipal: { points: 100, durationSec: 60 },
      perTool: { points: 2, durationSec: 60 },
    });
    expect(allowedCount(await consumeMany(limiter, 4, 'alice', 'search'))).toBe(2);
    expect(allowedCount(await consumeMany(limiter, 4, 'alice', 'create_task'))).toBe(2);
    expect(allowedCount(await consumeMany(limiter, 4, 'bob', 'search'))).toBe(2);
    // remaining reports the tighter bucket
    expect((await limiter.consume('carol', 'search', 1)).remaining).toBe(1);
  });

  it('keeps one principal bucket across all tools', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 3, durationSec: 60 } });
    const decisions = [
      await limiter.consume('alice', 'a', 1),
      await limiter.consume('alice', 'b', 1),
      await limiter.consume('alice', 'c', 1),
      await limiter.consume('alice', 'd', 1),
    ];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect((await limiter.consume('bob', 'a', 1)).allowed).toBe(true);
  });

  it('a call refused by the tool bucket does not eat the principal bucket', async () => {
    const limiter = createRateLimiter({
      perPrincipal: { points: 5, durationSec: 60 },
      perTool: { points: 2, durationSec: 60 },
    });
    expect(allowedCount(await consumeMany(limiter, 6, 'alice', 'search'))).toBe(2); // 4 refused by the tool bucket
    // The principal bucket lost only the 2 admitted calls: 3 are left for other tools.
    expect(allowedCount(await consumeMany(limiter, 2, 'alice', 'list'))).toBe(2);
    expect(allowedCount(await consumeMany(limiter, 2, 'alice', 'get'))).toBe(1);
  });

  it('a call refused by the principal bucket gives the tool bucket its points back', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const limiter = createRateLimiter({
      perPrincipal: { points: 3, durationSec: 1 },
      perTool: { points: 3, durationSec: 60 },
    });
    expect(allowedCount(await consumeMany(limiter, 2, 'alice', 'search'))).toBe(2);
    expect((await limiter.consume('alice', 'list', 1)).allowed).toBe(true);
    // Principal bucket full: these are refused by it after the tool bucket admitted them.
    const refused = await consumeMany(limiter, 3, 'alice', 'search');
    expect(refused.every((d) => !d.allowed)).toBe(true);
    vi.advanceTimersByTime(1_001); // the principal window resets; the tool window (60 s) does not
    // The tool bucket still has exactly its one unused point.
    const after = await consumeMany(limiter, 2, 'alice', 'search');
    expect(after.map((d) => d.allowed)).toEqual([true, false]);
  });

  it('reports retryAfterMs from the refusing bucket: time left in its window', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const limiter = createRateLimiter({
      perPrincipal: { points: 2, durationSec: 10 },
      perTool: { points: 1, durationSec: 30 },
    });
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(true);
    vi.advanceTimersByTime(4_000);
    const byTool = await limiter.consume('alice', 'search', 1);
    expect(byTool).toEqual({ allowed: false, retryAfterMs: 26_000, remaining: 0 });
    expect((await limiter.consume('alice', 'list', 1)).allowed).toBe(true);
    const byPrincipal = await limiter.consume('alice', 'get', 1);
    expect(byPrincipal).toEqual({ allowed: false, retryAfterMs: 6_000, remaining: 0 });
  });

  it('admits calls again once the window has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const limiter = createRateLimiter({ perPrincipal: { points: 2, durationSec: 1 } });
    expect(allowedCount(await consumeMany(limiter, 3, 'alice', 'search'))).toBe(2);
    vi.advanceTimersByTime(999);
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(false);
    vi.advanceTimersByTime(2);
    const recovered = await consumeMany(limiter, 3, 'alice', 'search');
    expect(recovered.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(recovered[0]?.remaining).toBe(1);
  });

  it('recovers in real time too (1 s window)', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 1, durationSec: 1 } });
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(true);
    const refused = await limiter.consume('alice', 'search', 1);
    expect(refused.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused.retryAfterMs + 20));
    expect((await limiter.consume('alice', 'search', 1)).allowed).toBe(true);
  });

  it('keeps ids containing the separator apart', async () => {
    expect(bucketKeys('p', 'a:b', 'c')).not.toEqual(bucketKeys('p', 'a', 'b:c'));
    expect(bucketKeys('p', 'a:b', 'c').principal).not.toBe(bucketKeys('p', 'a', 'b:c').principal);
    expect(bucketKeys('mcpkit:rl:tasks', 'alice', 'search')).toEqual({
      principal: 'mcpkit:rl:tasks:p:alice',
      tool: 'mcpkit:rl:tasks:t:alice:search',
    });
    const limiter = createRateLimiter({
      perPrincipal: { points: 10, durationSec: 60 },
      perTool: { points: 1, durationSec: 60 },
    });
    expect((await limiter.consume('a:b', 'c', 1)).allowed).toBe(true);
    expect((await limiter.consume('a', 'b:c', 1)).allowed).toBe(true);
  });

  it('refuses a cost that can never fit, and costs that are not whole numbers', async () => {
    const limiter = createRateLimiter({
      perPrincipal: { points: 10, durationSec: 60 },
      perTool: { points: 4, durationSec: 60 },
    });
    const tooBig = await rejection(limiter.consume('alice', 'export', 5));
    expect(tooBig.code).toBe('internal');
    expect(tooBig.message).toMatch(/export costs 5 rate-limit points but the limit allows only 4 per window/);
    for (const cost of [-1, 1.5, Number.NaN]) {
      expect((await rejection(limiter.consume('alice', 'export', cost))).message).toMatch(/invalid rate-limit cost/);
    }
    // None of that charged anything.
    expect((await limiter.consume('alice', 'export', 4)).allowed).toBe(true);
  });

  it('rejects calls after close with unavailable', async () => {
    const limiter = createRateLimiter({ perPrincipal: { points: 10, durationSec: 60 } });
    await limiter.close();
    await limiter.close(); // idempotent
    const error = await rejection(limiter.consume('alice', 'search', 1));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/closed/);
  });

  it.each([
    [{ perPrincipal: { points: 0, durationSec: 60 } }, /per-principal rate limit: points/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, perTool: { points: 1, durationSec: 0.5 } }, /per-tool rate limit/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, keyPrefix: '' }, /keyPrefix/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, insuranceOnRedisError: 'ignore' }, /insuranceOnRedisError/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, storeTimeoutMs: 0 }, /storeTimeoutMs/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, store: { kind: 'disk' } }, /Unknown rate-limit store kind "disk"/],
    [{ perPrincipal: { points: 1, durationSec: 60 }, store: { kind: 'redis', redis: {} } }, /needs an ioredis client/],
  ])('validates its options once: %j', (options, message) => {
    let caught: unknown;
    try {
      createRateLimiter(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(McpKitError);
    expect((caught as McpKitError).code).toBe('invalid_input');
    expect((caught as McpKitError).message).toMatch(message);
  });
});
