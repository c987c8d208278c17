import type Database from 'better-sqlite3';
import type { ActivityRow, CommentRow, TaskRefRow, TaskRow } from './rows.js';

/**
 * Every fixed statement of the SQLite store, prepared once per connection and reused:
 * preparing is the expensive part of a small query. (The list query's shape depends on
 * its filters; `list-query.ts` caches those by SQL text.)
 */

const OPEN = `('todo','in_progress','blocked','in_review')`;

export interface TaskWrite {
  title: string;
  description: string;
  status: string;
  priority: number;
  assignee: string | null;
  project: string;
  labels: string;
  due_date: string | null;
  parent_id: number | null;
  completed_at: string | null;
}

/** The prepared statements, typed by their parameters and result rows. */
export interface Statements {
  insertTask: Database.Statement<[TaskWrite & { created_at: string; created_by: string }], TaskRow>;
  updateTask: Database.Statement<[TaskWrite & { id: number; version: number; updated_at: string }], TaskRow>;
  getTask: Database.Statement<[number], TaskRow>;
  parentOf: Database.Statement<[number], number | null>;
  children: Database.Statement<[number], TaskRefRow>;
  openChildren: Database.Statement<[number], TaskRefRow>;
  subtree: Database.Statement<[number], number>;
  deleteTasks: Database.Statement<[string]>;
  insertLabel: Database.Statement<[number, string]>;
  deleteLabels: Database.Statement<[number]>;
  blockers: Database.Statement<[number], TaskRefRow>;
  openBlockers: Database.Statement<[number], TaskRefRow>;
  blocking: Database.Statement<[number], TaskRefRow>;
  dependsOnIds: Database.Statement<[number], number>;
  insertDependency: Database.Statement<[number, number, string]>;
  deleteDependency: Database.Statement<[number, number]>;
  insertComment: Database.Statement<[number, string, string, string], CommentRow>;
  latestComments: Database.Statement<[number, number], CommentRow>;
  insertActivity: Database.Statement<[number, string, string, string, string]>;
  recentActivity: Database.Statement<[number], ActivityRow>;
  taskActivity: Database.Statement<[number, number], ActivityRow>;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    insertTask: db.prepare<[TaskWrite & { created_at: string; created_by: string }], TaskRow>(
      `INSERT INTO tasks (title, description, status, priority, assignee, project, labels, due_date, parent_id,
                          created_at, updated_at, completed_at, created_by, version)
       VALUES (@title, @description, @status, @priority, @assignee, @project, @labels, @due_date, @parent_id,
               @created_at, @created_at, @completed_at, @created_by, 1)
       RETURNING *`,
    ),
    /** Matches only at `version`, so a concurrent change makes it update nothing. */
    updateTask: db.prepare<[TaskWrite & { id: number; version: number; updated_at: string }], TaskRow>(
      `UPDATE tasks SET title = @title, description = @description, status = @status, priority = @priority,
              assignee = @assignee, project = @project, labels = @labels, due_date = @due_date,
              parent_id = @parent_id, completed_at = @completed_at, updated_at = @updated_at, version = version + 1
       WHERE id = @id AND version = @version
       RETURNING *`,
    ),
    getTask: db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?'),
    parentOf: db.prepare<[number], number | null>('SELECT parent_id FROM tasks WHERE id = ?').pluck(),
    children: db.prepare<[number], TaskRefRow>('SELECT id, title, status FROM tasks WHERE parent_id = ? ORDER BY id'),
    openChildren: db.prepare<[number], TaskRefRow>(
      `SELECT id, title, status FROM tasks WHERE parent_id = ? AND status IN ${OPEN} ORDER BY id`,
    ),
    /** The task and all its descendants, parents before children. */
    subtree: db
      .prepare<[number], number>(
        `WITH RECURSIVE sub(id, depth) AS (
         SELECT ?, 0
         UNION
         SELECT t.id, sub.depth + 1 FROM tasks t JOIN sub ON t.parent_id = sub.id
       )
       SELECT id FROM sub ORDER BY depth, id`,
      )
      .pluck(),
    deleteTasks: db.prepare<[string]>('DELETE FROM tasks WHERE id IN (SELECT value FROM json_each(?))'),

    insertLabel: db.prepare<[number, string]>('INSERT INTO task_labels (task_id, label) VALUES (?, ?)'),
    deleteLabels: db.prepare<[number]>('DELETE FROM task_labels WHERE task_id = ?'),

    blockers: db.prepare<[number], TaskRefRow>(
      `SELECT t.id, t.title, t.status FROM dependencies d JOIN tasks t ON t.id = d.depends_on_id
       WHERE d.task_id = ? ORDER BY t.id`,
    ),
    openBlockers: db.prepare<[number], TaskRefRow>(
      `SELECT t.id, t.title, t.status FROM dependencies d JOIN tasks t ON t.id = d.depends_on_id
       WHERE d.task_id = ? AND t.status IN ${OPEN} ORDER BY t.id`,
    ),
    blocking: db.prepare<[number], TaskRefRow>(
      `SELECT t.id, t.title, t.status FROM dependencies d JOIN tasks t ON t.id = d.task_id
       WHERE d.depends_on_id = ? ORDER BY t.id`,
    ),
    dependsOnIds: db.prepare<[number], number>('SELECT depends_on_id FROM dependencies WHERE task_id = ? ORDER BY depends_on_id').pluck(),
    insertDependency: db.prepare<[number, number, string]>(
      'INSERT OR IGNORE INTO dependencies (task_id, depends_on_id, created_at) VALUES (?, ?, ?)',
    ),
    deleteDependency: db.prepare<[number, number]>('DELETE FROM dependencies WHERE task_id = ? AND depends_on_id = ?'),

    insertComment: db.prepare<[number, string, string, string], CommentRow>(
      'INSERT INTO comments (task_id, author, body, created_at) VALUES (?, ?, ?, ?) RETURNING *',
    ),
    latestComments: db.prepare<[number, number], CommentRow>(
      'SELECT * FROM (SELECT * FROM comments WHERE task_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    ),

    insertActivity: db.prepare<[number, string, string, string, string]>(
      'INSERT INTO activity (task_id, actor, action, changes, at) VALUES (?, ?, ?, ?, ?)',
    ),
    recentActivity: db.prepare<[number], ActivityRow>('SELECT * FROM activity ORDER BY id DESC LIMIT ?'),
    taskActivity: db.prepare<[number, number], ActivityRow>('SELECT * FROM activity WHERE task_id = ? ORDER BY id DESC LIMIT ?'),
  };
}
