import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@mcpkit/core';
import { McpKitError } from '@mcpkit/core';
import Database from 'better-sqlite3';

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite file at `path` with the connection settings the
 * store relies on:
 *
 * - `journal_mode = WAL`: readers never block the writer and vice versa, so resource reads
 *   stay fast while tools write (and several processes may share one file).
 * - `synchronous = FULL`: every commit fsyncs the WAL before returning. With NORMAL, WAL
 *   mode survives a process crash (SIGKILL) but the last commits can roll back after a power
 *   loss or OS crash, i.e. a task the model was told exists could vanish. A task store
 *   writes rarely and small, so one fsync per commit is cheap insurance.
 * - `foreign_keys = ON`: SQLite leaves them off by default; the schema's cascades (comments,
 *   labels, dependency edges) depend on them.
 * - `busy_timeout`: wait for a competing writer instead of failing at once.
 *
 * The parent directory is created when missing. Failures become `unavailable` errors that
 * say which file and what to check.
 */
export function openDatabase(path: string, logger: Logger): Database.Database {
  const inMemory = path === ':memory:' || path === '';
  let db: Database.Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && !inMemory) {
      // Some file systems (network shares) cannot hold the WAL's shared memory; the store
      // still works, with readers and writers serialised, so say so rather than refuse.
      logger.warn({ path, journalMode: mode }, 'tasks database could not switch to WAL mode');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (cause) {
    db?.close();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new McpKitError(
      'unavailable',
      `Could not open the tasks database at ${path}: ${reason}. Check that its directory can be created and written, and that a file already there is a SQLite database.`,
      { cause, details: { path } },
    );
  }
}
