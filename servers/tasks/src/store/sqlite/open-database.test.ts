import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@mcpkit/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, openDatabase } from './open-database.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpkit-open-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('sets the durability and integrity settings the store relies on', () => {
  const db = openDatabase(join(dir, 'a', 'tasks.db'), silentLogger);
  try {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
  } finally {
    db.close();
  }
});

it('explains a path it cannot create', () => {
  const blocked = join(dir, 'file');
  openDatabase(blocked, silentLogger).close(); // a file where a directory is needed next
  expect(() => openDatabase(join(blocked, 'tasks.db'), silentLogger)).toThrow(
    expect.objectContaining({ code: 'unavailable', message: expect.stringContaining(join(blocked, 'tasks.db')) }),
  );
});
