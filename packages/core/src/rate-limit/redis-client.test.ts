import { once } from 'node:events';
import { probeRedis, redisUrl } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';
import type { LogFn, Logger } from '../logging/logger-types.js';
import { createRedisClient } from './redis-client.js';

const { up: redisUp } = await probeRedis('createRedisClient against a live Redis');

/** Keeps every call as made, before any logger-side redaction, to test what this module passes. */
function recordingLogger() {
  const entries: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string): LogFn =>
      ((first: Record<string, unknown> | string, msg?: string) => {
        if (typeof first === 'string') entries.push({ level, msg: first, fields: bindings });
        else entries.push({ level, msg: msg ?? '', fields: { ...bindings, ...first } });
      }) as LogFn;
    return {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return { logger: make({}), entries };
}

describe('createRedisClient', () => {
  it.each([
    ['http://127.0.0.1:6379', /must start with redis:\/\/ or rediss:\/\//],
    ['not a url', /not a valid URL/],
  ])('rejects %j with invalid_input', (url, message) => {
    expect(() => createRedisClient(url)).toThrow(message);
    expect(() => createRedisClient(url)).toThrow(McpKitError);
  });

  it('never repeats credentials in errors or logs', async () => {
    expect(() => createRedisClient('rediz://user:hunter2@127.0.0.1:1')).toThrow(/^(?!.*hunter2)/s);
    const { logger, entries } = recordingLogger();
    const client = createRedisClient('redis://user:hunter2@127.0.0.1:1/2', logger);
    try {
      await once(client, 'error');
      await new Promise((resolve) => setTimeout(resolve, 300)); // a few reconnect attempts
      const warnings = entries.filter((e) => e.level === 'warn');
      expect(warnings).toHaveLength(1); // once per outage, not once per reconnect
      expect(warnings[0]?.fields.redis).toBe('127.0.0.1:1/2');
      expect(JSON.stringify(entries)).not.toContain('hunter2');
    } finally {
      client.disconnect();
    }
  });

  it.skipIf(!redisUp)('connects at once and fails commands fast instead of queueing them', async () => {
    const client = createRedisClient(redisUrl());
    try {
      expect(client.status).not.toBe('wait'); // lazyConnect: false
      if (client.status !== 'ready') await once(client, 'ready');
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
    }
    const down = createRedisClient('redis://127.0.0.1:1');
    try {
      const started = performance.now();
      await expect(down.ping()).rejects.toThrow(/enableOfflineQueue/);
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      down.disconnect();
    }
  });
});
