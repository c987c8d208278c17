import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor.js';

describe('cursors', () => {
  const fingerprint = queryFingerprint({ sort: 'due', project: 'web' });

  it.each([
    { sort: 'updated', value: '2026-03-02T09:00:00.000Z', key: 7 },
    { sort: 'created', value: null, key: 1 },
    { sort: 'priority', value: 4, key: 12 },
    { sort: 'due', value: '2026-03-10', key: 3 },
    { sort: 'due', value: null, key: 3 },
  ] as const)('round-trips %j as opaque base64url', (position) => {
    const cursor = encodeCursor(position, fingerprint);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { sort: position.sort, fingerprint })).toEqual(position);
  });

  it('fingerprints filters independently of key order and undefined values', () => {
    expect(queryFingerprint({ a: 1, b: [2, 3], c: undefined })).toBe(queryFingerprint({ b: [2, 3], a: 1 }));
    expect(queryFingerprint({ a: 1 })).not.toBe(queryFingerprint({ a: 2 }));
    expect(queryFingerprint({ a: [1, 2] })).not.toBe(queryFingerprint({ a: [2, 1] }));
  });

  it('refuses a cursor of another sort or other filters', () => {
    const cursor = encodeCursor({ sort: 'due', value: null, key: 3 }, fingerprint);
    for (const expected of [
      { sort: 'updated' as const, fingerprint },
      { sort: 'due' as const, fingerprint: queryFingerprint({ sort: 'due' }) },
    ]) {
      expect(() => decodeCursor(cursor, expected)).toThrow(
        expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('different query') }),
      );
    }
  });

  const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['JSON null', forge(null)],
    ['another version', forge({ v: 2, s: 'due', f: fingerprint, k: null, i: 1 })],
    ['a value of the wrong kind', forge({ v: 1, s: 'due', f: fingerprint, k: 5, i: 1 })],
    ['a negative key', forge({ v: 1, s: 'due', f: fingerprint, k: null, i: -1 })],
    ['extra fields', forge({ v: 1, s: 'due', f: fingerprint, k: null, i: 1, sql: 'x' })],
  ])('refuses a cursor with %s, saying to restart', (_name, cursor) => {
    expect(() => decodeCursor(cursor, { sort: 'due', fingerprint })).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Drop the cursor') }),
    );
  });
});
