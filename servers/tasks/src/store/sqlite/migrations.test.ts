import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration, migrate } from './migrations.js';
import { openSqliteTaskStore } from './sqlite-task-store.js';

describe('migrate', () => {
  let dir: string;
  let path: string;
  let db: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcpkit-migrations-'));
    path = join(dir, 'tasks.db');
    db = new Database(path);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const versions = () => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();

  it('applies every migration to a new database, then nothing on the next open', () => {
    expect(migrate(db)).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: MIGRATIONS.length });
    expect(versions()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual({ applied: [], version: MIGRATIONS.length });
    expect(versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('upgrades an older database in place, indexing tasks that existed before full-text search', async () => {
    migrate(db, { migrations: MIGRATIONS.slice(0, 1) });
    db.prepare(
      `INSERT INTO tasks (title, status, priority, project, created_at, updated_at, created_by)
       VALUES ('Legacy quarterly report', 'todo', 2, 'inbox', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'old')`,
    ).run();
    db.close();

    const store = await openSqliteTaskStore({ path });
    try {
      expect((await store.listTasks({ query: 'quarterly' })).items.map((t) => t.title)).toEqual(['Legacy quarterly report']);
    } finally {
      await store.close();
    }
    db = new Database(path);
    expect(versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('adds the project + priority index to a version 2 database, and its SQL can run again harmlessly', () => {
    migrate(db, { migrations: MIGRATIONS.slice(0, 2) });
    const indexes = () => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'`).pluck().all();
    expect(indexes()).not.toContain('tasks_by_project_priority');
    expect(migrate(db)).toEqual({ applied: MIGRATIONS.slice(2).map((m) => m.version), version: MIGRATIONS.length });
    expect(indexes()).toContain('tasks_by_project_priority');
    expect(() => db.exec(MIGRATIONS[2]!.sql)).not.toThrow();
    expect(indexes().filter((name) => name === 'tasks_by_project_priority')).toHaveLength(1);
  });

  it('applies a list in one transaction: a failing migration leaves the database as it was', () => {
    const broken: Migration[] = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE (' }];
    expect(() => migrate(db, { migrations: broken })).toThrow(/syntax error/);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual([]);
  });

  it('refuses a database written by newer code, leaving it untouched', async () => {
    migrate(db);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')`).run();
    expect(() => migrate(db)).toThrow(`schema version 99, newer than this version of the server knows (${MIGRATIONS.length})`);
    db.close();

    await expect(openSqliteTaskStore({ path })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('upgrade the server, or point it at another database file'),
    });
    db = new Database(path);
    expect(versions()).toEqual([...MIGRATIONS.map((m) => m.version), 99]);
  });

  it('rejects a migration list that is not numbered 1, 2, 3, …', () => {
    const [first, second] = MIGRATIONS;
    expect(() => migrate(db, { migrations: [second!] })).toThrow(/versions must be 1, 2, 3/);
    expect(() => migrate(db, { migrations: [first!, first!] })).toThrow(/versions must be 1, 2, 3/);
  });
});
