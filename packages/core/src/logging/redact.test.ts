import { captureLogger } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { REDACTED, redactSecrets, redactString } from './redact.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXZhbHVl';

describe('redactString', () => {
  it.each([
    ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [redacted]'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789', `token ${REDACTED}`],
    ['pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', `pat ${REDACTED}`],
    [`jwt ${jwt} end`, `jwt ${REDACTED} end`],
    ['key mcpk_0123456789abcdefghijklmnop', `key ${REDACTED}`],
    ['postgres://app:s3cr3t@db.internal:5432/tasks', 'postgres://app:[redacted]@db.internal:5432/tasks'],
    [`hash sha256:${'a'.repeat(64)}`, `hash ${REDACTED}`],
  ])('scrubs %s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    expect(redactString('No task T-42. List tasks to find the right id.')).toBe('No task T-42. List tasks to find the right id.');
  });
});

describe('redactSecrets', () => {
  it('drops values under secret keys at any depth, and scrubs strings elsewhere', () => {
    const input = {
      headers: { Authorization: 'Basic Zm9vOmJhcg==', 'x-api-key': 'plain', accept: 'application/json' },
      config: { databaseUrl: 'postgres://a:b@h/d', password: 'p', nested: [{ token: 't', note: `see ${jwt}` }] },
    };
    expect(redactSecrets(input)).toEqual({
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'application/json' },
      config: { databaseUrl: REDACTED, password: REDACTED, nested: [{ token: REDACTED, note: `see ${REDACTED}` }] },
    });
  });

  it('copies errors with their message, stack and cause scrubbed, and cuts cycles', () => {
    const cause = new Error('upstream said Bearer zzzzzzzzzzzzzzzz');
    const error = new Error('failed with password in postgres://u:pw@h/db', { cause });
    const copy = redactSecrets({ err: error }) as { err: { message: string; stack: string; cause: { message: string } } };
    expect(copy.err.message).toBe('failed with password in postgres://u:[redacted]@h/db');
    expect(copy.err.stack).not.toContain(':pw@');
    expect(copy.err.cause.message).toBe('upstream said Bearer [redacted]');
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    expect(redactSecrets(loop)).toEqual({ name: 'loop', self: '[circular]' });
  });
});

describe('createLogger', () => {
  it('writes JSON lines with level names and no secret, whatever the call shape', () => {
    const log = captureLogger();
    const logger = createLogger({ name: 'test', level: 'debug', destination: log.stream });
    logger.info({ headers: { authorization: 'Bearer abcdefghijklmnop' }, user: 'ada' }, 'request');
    logger.warn(`message with ${jwt}`);
    logger.error({ err: new Error('db postgres://u:pw@h/db down') }, 'failed');
    logger.child({ requestId: 'r1' }).debug({ apiKey: 'k' }, 'child');
    const lines = log.lines();
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn', 'error', 'debug']);
    expect(lines[0]).toMatchObject({ name: 'test', msg: 'request', user: 'ada', headers: { authorization: REDACTED } });
    expect(lines[3]).toMatchObject({ requestId: 'r1', apiKey: REDACTED });
    expect(log.text()).not.toMatch(/abcdefghijklmnop|eyJhbGci|:pw@/);
  });

  it('respects the level', () => {
    const log = captureLogger();
    const logger = createLogger({ name: 'test', level: 'warn', destination: log.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(log.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
