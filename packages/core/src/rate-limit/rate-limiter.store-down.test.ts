import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { captureLogger } from '@mcpkit/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { rejection } from './rate-limit.fixture.js';
import { createRateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { createRedisClient } from './redis-client.js';

// No Redis needed: these point the limiter at a closed port or at a server that never answers.

function recordingLogger() {
  const captured = captureLogger();
  const logger = createLogger({ name: 'rate-limit-test', level: 'debug', destination: captured.stream });
  const warnings = (pattern: RegExp) => captured.lines().filter((line) => line.level === 'warn' && pattern.test(String(line.msg)));
  return { logger, warnings };
}

describe('createRateLimiter when Redis is unreachable', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const downClient = () => {
    const client = createRedisClient('redis://127.0.0.1:1'); // nothing listens on port 1
    cleanups.push(() => client.disconnect());
    return client;
  };

  /** A limiter on the unreachable client, logging into a recorder whose warnings the test reads. */
  const downLimiter = (options: Omit<RateLimiterOptions, 'store' | 'logger'>) => {
    const { logger, warnings } = recordingLogger();
    const limiter = createRateLimiter({ ...options, store: { kind: 'redis', redis: downClient() }, logger });
    return { limiter, warnings };
  };

  it("rejects fast with unavailable, saying the rate limiter's store is unreachable (default 'reject')", async () => {
    const { limiter, warnings } = downLimiter({
      perPrincipal: { points: 5, durationSec: 60 },
      perTool: { points: 5, durationSec: 60 },
    });
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const error = await rejection(limiter.consume('alice', 'search', 1));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/rate limiter's store \(Redis\) is unreachable, so this call was not run/);
    }
    // Logged once for the outage, not once per call.
    expect(warnings(/refusing tool calls/)).toHaveLength(1);
  });

  it("falls back to per-process memory limits with 'allow-memory'", async () => {
    const { limiter, warnings } = downLimiter({
      perPrincipal: { points: 3, durationSec: 60 },
      perTool: { points: 10, durationSec: 60 },
      insuranceOnRedisError: 'allow-memory',
    });
    const started = performance.now();
    const decisions = [];
    for (let i = 0; i < 5; i += 1) decisions.push(await limiter.consume('alice', 'search', 1));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[3]?.retryAfterMs).toBeGreaterThan(0);
    expect(warnings(/counting in this process/)).toHaveLength(1);
  });

  describe('when Redis accepts the connection but never answers', () => {
    let server: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });

    it('fails fast through createRedisClient (never ready, so nothing is sent)', async () => {
      const client = createRedisClient(`redis://127.0.0.1:${port}`);
      cleanups.push(() => client.disconnect());
      await once(client, 'connect');
      const limiter = createRateLimiter({
        perPrincipal: { points: 5, durationSec: 60 },
        store: { kind: 'redis', redis: client },
      });
      const started = performance.now();
      expect((await rejection(limiter.consume('alice', 'search', 1))).code).toBe('unavailable');
      expect(performance.now() - started).toBeLessThan(2_000);
    });

    it('gives up after storeTimeoutMs on a client that thinks it is ready, then rejects or falls back', async () => {
      // No ready check and no CLIENT SETINFO handshake: ioredis reports ready on connect
      // and then sends commands into the void.
      const client = new Redis({
        host: '127.0.0.1',
        port,
        enableReadyCheck: false,
        disableClientInfo: true,
        enableOfflineQueue: false,
      });
      cleanups.push(() => client.disconnect());
      if (client.status !== 'ready') await once(client, 'ready');
      const rejecting = createRateLimiter({
        perPrincipal: { points: 5, durationSec: 60 },
        store: { kind: 'redis', redis: client },
        storeTimeoutMs: 300,
      });
      let started = performance.now();
      const error = await rejection(rejecting.consume('alice', 'search', 1));
      const waited = performance.now() - started;
      expect(error.code).toBe('unavailable');
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(2_000);

      const falling = createRateLimiter({
        perPrincipal: { points: 1, durationSec: 60 },
        store: { kind: 'redis', redis: client },
        storeTimeoutMs: 300,
        insuranceOnRedisError: 'allow-memory',
      });
      started = performance.now();
      expect((await falling.consume('alice', 'search', 1)).allowed).toBe(true);
      expect((await falling.consume('alice', 'search', 1)).allowed).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  });
});
