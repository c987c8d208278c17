import type { Logger } from '@mcpkit/core';
import { McpKitError } from '@mcpkit/core';
import type Database from 'better-sqlite3';

/**
 * The SQLite schema as a numbered list of migrations. Append only: a released migration
 * is never edited, a change is a new entry. `migrate` applies the pending ones in one
 * IMMEDIATE transaction at open (so two processes opening the same file at once cannot
 * both apply them), records each in `schema_migrations`, and refuses a database whose
 * schema is newer than this code.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tasks, labels, dependencies, comments, activity',
    sql: `
      CREATE TABLE tasks (
        id           INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a deleted T-42 is never reused
        title        TEXT    NOT NULL,
        description  TEXT    NOT NULL DEFAULT '',
        status       TEXT    NOT NULL CHECK (status IN ('todo','in_progress','blocked','in_review','done','cancelled')),
        priority     INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
        assignee     TEXT    COLLATE NOCASE,
        project      TEXT    NOT NULL COLLATE NOCASE,
        labels       TEXT    NOT NULL DEFAULT '[]',     -- JSON copy for reading; task_labels is for filtering
        due_date     TEXT,
        parent_id    INTEGER REFERENCES tasks(id),
        created_at   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        completed_at TEXT,
        created_by   TEXT    NOT NULL,
        version      INTEGER NOT NULL DEFAULT 1
      );
      -- Each filter the list tool offers leads an index that ends in the default sort key,
      -- so a filtered first page is an index range scan that stops after one page.
      CREATE INDEX tasks_by_updated          ON tasks (updated_at, id);
      CREATE INDEX tasks_by_project_status   ON tasks (project, status, updated_at, id);
      CREATE INDEX tasks_by_assignee_status  ON tasks (assignee, status, updated_at, id);
      CREATE INDEX tasks_by_status           ON tasks (status, updated_at, id);
      CREATE INDEX tasks_by_priority         ON tasks (priority, id);
      CREATE INDEX tasks_by_due              ON tasks (due_date, id);
      CREATE INDEX tasks_by_parent           ON tasks (parent_id);

      CREATE TABLE task_labels (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        label   TEXT    NOT NULL COLLATE NOCASE,
        PRIMARY KEY (task_id, label)
      ) WITHOUT ROWID;
      CREATE INDEX task_labels_by_label ON task_labels (label, task_id);

      CREATE TABLE dependencies (
        task_id       INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, -- is blocked by
        depends_on_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        created_at    TEXT    NOT NULL,
        PRIMARY KEY (task_id, depends_on_id),
        CHECK (task_id <> depends_on_id)
      ) WITHOUT ROWID;
      CREATE INDEX dependencies_by_blocker ON dependencies (depends_on_id, task_id);

      CREATE TABLE comments (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id    INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        author     TEXT    NOT NULL,
        body       TEXT    NOT NULL,
        created_at TEXT    NOT NULL
      );
      CREATE INDEX comments_by_task ON comments (task_id, id);

      CREATE TABLE activity (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id INTEGER NOT NULL, -- no foreign key: the log outlives deleted tasks
        actor   TEXT    NOT NULL,
        action  TEXT    NOT NULL,
        changes TEXT    NOT NULL,
        at      TEXT    NOT NULL
      );
      CREATE INDEX activity_by_task ON activity (task_id, id);
    `,
  },
  {
    version: 2,
    name: 'full-text index of title and description',
    sql: `
      CREATE VIRTUAL TABLE tasks_fts USING fts5(
        title, description,
        content = 'tasks', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');
      CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
        INSERT INTO tasks_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
      END;
      CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
        INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
      END;
      CREATE TRIGGER tasks_fts_update AFTER UPDATE OF title, description ON tasks
      WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
        INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO tasks_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
      END;
    `,
  },
  {
    version: 3,
    name: 'index for project + priority filters',
    // A project and a priority together matched ~8,000 rows of the project index on
    // 100,000 tasks only to keep a few hundred and sort them; this index answers the pair
    // in the default sort order (a page stops after one page) and covers its count.
    // IF NOT EXISTS: re-running the migration on a database that has it is harmless.
    sql: `
      CREATE INDEX IF NOT EXISTS tasks_by_project_priority ON tasks (project, priority, updated_at, id);
    `,
  },
];

export interface MigrationResult {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** Brings the database up to the newest migration in `migrations`. */
export function migrate(
  db: Database.Database,
  options: { migrations?: readonly Migration[]; logger?: Logger; now?: () => Date } = {},
): MigrationResult {
  const { migrations = MIGRATIONS, logger, now = () => new Date() } = options;
  checkNumbering(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const run = db.transaction((): MigrationResult => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (current > latest) {
      throw new McpKitError(
        'unavailable',
        `The tasks database has schema version ${current}, newer than this version of the server knows (${latest}). It was written by a newer @mcpkit/server-tasks: upgrade the server, or point it at another database file.`,
        { details: { databaseVersion: current, supportedVersion: latest } },
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration.version);
    }
    return { applied, version: Math.max(current, latest) };
  });
  const result = run.immediate();
  if (result.applied.length > 0) {
    logger?.info({ applied: result.applied, version: result.version }, 'tasks database schema migrated');
  }
  return result;
}

/** A list that skips or repeats a number is a bug in this file; fail loudly. */
function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration #${index} has version ${migration.version}; versions must be 1, 2, 3, … in order`);
    }
  });
}
