import type Database from 'better-sqlite3';
import { McpKitError } from '../errors.js';
import { findPath } from '../graph.js';
import { formatTaskId, parseTaskId } from '../ids.js';
import { type Logger, silentLogger } from '../logger.js';
import { applyPatch, creationSnapshot, diffTasks, initialCompletedAt } from '../task-changes.js';
import * as errors from '../task-errors.js';
import {
  type ParsedNewTask,
  parseActor,
  parseAssignee,
  parseCommentBody,
  parseLimit,
  parseNewTask,
  parseNewTasks,
  parseProjectName,
  parseTaskPatch,
  parseTaskQuery,
  resolveProject,
} from '../task-input.js';
import type {
  ActivityAction,
  ActivityEntry,
  Comment,
  CompleteOptions,
  DeleteOptions,
  DeleteResult,
  NewTask,
  ProjectStatus,
  Task,
  TaskDependencies,
  TaskPage,
  TaskPatch,
  TaskQuery,
  TaskStore,
  WorkloadEntry,
  WriteOptions,
} from '../task-store.js';
import { type Aggregates, listProjects, prepareAggregates, projectStatus, teamWorkload } from './aggregates.js';
import { type StatementCache, runListQuery } from './list-query.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import { type TaskRow, priorityRank, toActivity, toComment, toTask, toTaskRef } from './rows.js';
import { mapSqliteError } from './sqlite-errors.js';
import { type Statements, type TaskWrite, prepareStatements } from './statements.js';

export interface SqliteTaskStoreOptions {
  /** The database file, created (with its directory) when missing; `':memory:'` for a throwaway store. */
  path: string;
  /** @default silentLogger */
  logger?: Logger;
  /** The clock for timestamps, and for "today" when judging overdue tasks (UTC). @default () => new Date() */
  now?: () => Date;
}

/** Opens the file, applies pending migrations and returns the store. */
export async function openSqliteTaskStore(options: SqliteTaskStoreOptions): Promise<TaskStore> {
  const { path, logger = silentLogger, now = () => new Date() } = options;
  const db = openDatabase(path, logger);
  try {
    migrate(db, { logger, now });
    // Gathers planner statistics if they are missing or stale (SQLite's advice for a
    // long-lived connection); without them a filtered list may pick a poor index.
    db.pragma('optimize = 0x10002');
    return new SqliteTaskStore(db, logger, now);
  } catch (error) {
    db.close();
    throw mapSqliteError(error);
  }
}

const COMMENT_EXCERPT = 200;
/** Batches at least this large refresh the planner's statistics afterwards. */
const BULK_INSERT = 1000;

class SqliteTaskStore implements TaskStore {
  readonly #db: Database.Database;
  readonly #sql: Statements;
  readonly #aggregates: Aggregates;
  readonly #listCache: StatementCache = new Map();
  readonly #logger: Logger;
  readonly #now: () => Date;
  #closed = false;

  constructor(db: Database.Database, logger: Logger, now: () => Date) {
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#aggregates = prepareAggregates(db);
    this.#logger = logger;
    this.#now = now;
  }

  async createTask(input: NewTask, options: { actor: string }): Promise<Task> {
    const actor = parseActor(options.actor);
    const parsed = parseNewTask(input);
    return this.#write(() => this.#insert(parsed, actor, this.#timestamp()));
  }

  async createTasks(inputs: NewTask[], options: { actor: string }): Promise<Task[]> {
    const actor = parseActor(options.actor);
    const parsed = parseNewTasks(inputs);
    const created = this.#write(() => {
      const at = this.#timestamp();
      return parsed.map((task) => this.#insert(task, actor, at));
    });
    // A bulk import shifts the row counts the planner's statistics describe.
    if (created.length >= BULK_INSERT) this.#optimize();
    return created;
  }

  async createSubtasks(parentId: string, inputs: Omit<NewTask, 'parentId'>[], options: { actor: string }): Promise<Task[]> {
    const parent = formatTaskId(parseTaskId(parentId, 'parentId'));
    return this.createTasks(
      (Array.isArray(inputs) ? inputs : []).map((input) => ({ ...input, parentId: parent })),
      options,
    );
  }

  async getTask(id: string): Promise<Task> {
    const key = parseTaskId(id);
    return this.#read(() => toTask(this.#requireTask(key)));
  }

  async updateTask(id: string, patch: TaskPatch, options: WriteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    const parsed = parseTaskPatch(patch);
    const parentKey = typeof parsed.parentId === 'string' ? parseTaskId(parsed.parentId, 'parentId') : null;
    if (parentKey !== null) parsed.parentId = formatTaskId(parentKey);
    return this.#write(() => {
      const row = this.#requireTask(key, options.expectedVersion);
      const at = this.#timestamp();
      const before = toTask(row);
      const after = applyPatch(before, parsed, at);
      const changes = diffTasks(before, after);
      if (Object.keys(changes).length === 0) return before;
      if (changes.parentId && parentKey !== null) this.#checkParent(key, parentKey);
      if (changes.status && after.status === 'done') this.#checkCompletable(key, false);
      const updated = this.#update(row, after, at);
      if (changes.labels) this.#writeLabels(key, after.labels, true);
      this.#log(key, actor, 'update', changes, at);
      return updated;
    });
  }

  async assignTask(id: string, assignee: string | null, options: WriteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    const next = parseAssignee(assignee);
    return this.#write(() => {
      const row = this.#requireTask(key, options.expectedVersion);
      const before = toTask(row);
      if (before.assignee === next) return before;
      const at = this.#timestamp();
      const updated = this.#update(row, { ...before, assignee: next }, at);
      this.#log(key, actor, 'assign', { assignee: { from: before.assignee, to: next } }, at);
      return updated;
    });
  }

  async completeTask(id: string, options: CompleteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    return this.#write(() => {
      const row = this.#requireTask(key, options.expectedVersion);
      const before = toTask(row);
      if (before.status === 'done') return before;
      const stillOpen = this.#checkCompletable(key, options.force === true);
      const at = this.#timestamp();
      const updated = this.#update(row, applyPatch(before, { status: 'done' }, at), at);
      const forced = stillOpen.length > 0 ? { forced: true, openSubtasks: stillOpen } : {};
      this.#log(key, actor, 'complete', { status: { from: before.status, to: 'done' }, completedAt: at, ...forced }, at);
      return updated;
    });
  }

  async deleteTask(id: string, options: DeleteOptions): Promise<DeleteResult> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    return this.#write(() => {
      this.#requireTask(key, options.expectedVersion);
      const children = this.#sql.children.all(key);
      if (children.length > 0 && options.cascade !== true) throw errors.hasSubtasks(formatTaskId(key), children.map(toTaskRef));
      const keys = options.cascade === true ? this.#sql.subtree.all(key) : [key];
      const deleting = new Set(keys);
      const at = this.#timestamp();
      for (const k of keys) {
        const task = toTask(this.#requireTask(k));
        const unblocked = this.#sql.blocking.all(k).filter((t) => !deleting.has(t.id)).map((t) => formatTaskId(t.id));
        this.#log(
          k,
          actor,
          'delete',
          {
            title: task.title,
            status: task.status,
            project: task.project,
            ...(k === key ? {} : { deletedWith: formatTaskId(key) }),
            ...(unblocked.length > 0 ? { unblocked } : {}),
          },
          at,
        );
      }
      this.#sql.deleteTasks.run(JSON.stringify(keys));
      return { deletedIds: keys.map(formatTaskId) };
    });
  }

  async addComment(taskId: string, body: string, options: { actor: string }): Promise<Comment> {
    const key = parseTaskId(taskId);
    const actor = parseActor(options.actor);
    const text = parseCommentBody(body);
    return this.#write(() => {
      this.#requireTask(key);
      const at = this.#timestamp();
      const comment = this.#sql.insertComment.get(key, actor, text, at);
      if (!comment) throw new Error('INSERT … RETURNING returned no comment row');
      this.#log(key, actor, 'comment', { commentId: comment.id, excerpt: text.slice(0, COMMENT_EXCERPT) }, at);
      return toComment(comment);
    });
  }

  async listComments(taskId: string, options: { limit?: number } = {}): Promise<Comment[]> {
    const key = parseTaskId(taskId);
    const limit = parseLimit(options.limit, 50, 200);
    return this.#read(() => {
      this.#requireTask(key);
      return this.#sql.latestComments.all(key, limit).map(toComment);
    });
  }

  async addDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    const blockerKey = parseTaskId(dependsOnId, 'dependency id');
    const actor = parseActor(options.actor);
    if (key === blockerKey) throw errors.selfDependency(formatTaskId(key));
    return this.#write(() => {
      this.#requireTask(key);
      this.#requireTask(blockerKey);
      // The new edge closes a cycle exactly when the blocker already depends, through
      // any chain, on this task.
      const path = findPath(blockerKey, key, (k) => this.#sql.dependsOnIds.all(k));
      if (path) throw errors.dependencyCycle([key, ...path].map(formatTaskId));
      const at = this.#timestamp();
      if (this.#sql.insertDependency.run(key, blockerKey, at).changes > 0) {
        this.#log(key, actor, 'dependency_add', { dependsOn: formatTaskId(blockerKey) }, at);
      }
      return this.#dependencies(key);
    });
  }

  async removeDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    const blockerKey = parseTaskId(dependsOnId, 'dependency id');
    const actor = parseActor(options.actor);
    return this.#write(() => {
      this.#requireTask(key);
      if (this.#sql.deleteDependency.run(key, blockerKey).changes === 0) {
        throw errors.dependencyNotFound(formatTaskId(key), formatTaskId(blockerKey));
      }
      this.#log(key, actor, 'dependency_remove', { dependsOn: formatTaskId(blockerKey) }, this.#timestamp());
      return this.#dependencies(key);
    });
  }

  async getDependencies(taskId: string): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    return this.#read(() => {
      this.#requireTask(key);
      return this.#dependencies(key);
    });
  }

  async listTasks(query: TaskQuery = {}): Promise<TaskPage> {
    const parsed = parseTaskQuery(query);
    return this.#read(() => runListQuery(this.#db, this.#listCache, parsed));
  }

  async projectStatus(project?: string): Promise<ProjectStatus> {
    const name = project === undefined ? undefined : parseProjectName(project);
    return this.#read(() => projectStatus(this.#aggregates, this.#today(), name));
  }

  async listProjects(options: { prefix?: string; limit?: number } = {}): Promise<string[]> {
    const limit = parseLimit(options.limit, 100, 1000);
    const prefix = typeof options.prefix === 'string' ? options.prefix.trim() : '';
    return this.#read(() => listProjects(this.#aggregates, prefix, limit));
  }

  async teamWorkload(): Promise<WorkloadEntry[]> {
    return this.#read(() => teamWorkload(this.#aggregates, this.#today()));
  }

  async recentActivity(options: { limit?: number; taskId?: string } = {}): Promise<ActivityEntry[]> {
    const limit = parseLimit(options.limit, 20, 100);
    const key = options.taskId === undefined ? undefined : parseTaskId(options.taskId);
    return this.#read(() =>
      (key === undefined ? this.#sql.recentActivity.all(limit) : this.#sql.taskActivity.all(key, limit)).map(toActivity),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Refreshes the planner's statistics where they drifted, as SQLite advises at close.
    this.#optimize();
    this.#db.close();
  }

  /** `PRAGMA optimize`: cheap when nothing changed; a failure only costs plan quality, so it is logged, not thrown. */
  #optimize(): void {
    try {
      this.#db.pragma('optimize');
    } catch (error) {
      this.#logger.warn({ err: error }, 'PRAGMA optimize failed on the tasks database');
    }
  }

  /** One IMMEDIATE transaction: takes the write lock up front, so it waits (busy_timeout) instead of failing mid-way. */
  #write<T>(work: () => T): T {
    this.#assertOpen();
    try {
      return this.#db.transaction(work).immediate();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  /** A read transaction, so a page and its total (or several counts) see one snapshot. */
  #read<T>(work: () => T): T {
    this.#assertOpen();
    try {
      return this.#db.transaction(work).deferred();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new McpKitError('unavailable', 'The task store is closed (the server is shutting down). Retry after it restarts.');
    }
  }

  #timestamp(): string {
    return this.#now().toISOString();
  }

  #today(): string {
    return this.#timestamp().slice(0, 10);
  }

  #requireTask(key: number, expectedVersion?: number): TaskRow {
    const row = this.#sql.getTask.get(key);
    if (!row) throw errors.taskNotFound(formatTaskId(key));
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw errors.staleVersion(formatTaskId(key), row.version, expectedVersion);
    }
    return row;
  }

  #insert(task: ParsedNewTask, actor: string, at: string): Task {
    let parentKey: number | null = null;
    let parentProject: string | null = null;
    if (task.parentId !== null) {
      parentKey = parseTaskId(task.parentId, 'parentId');
      const parent = this.#sql.getTask.get(parentKey);
      if (!parent) throw errors.parentNotFound(formatTaskId(parentKey));
      parentProject = parent.project;
    }
    const row = this.#sql.insertTask.get({
      ...toWrite({ ...task, project: resolveProject(task, parentProject) }),
      parent_id: parentKey,
      completed_at: initialCompletedAt(task, at),
      created_at: at,
      created_by: actor,
    });
    if (!row) throw new Error('INSERT … RETURNING returned no task row');
    this.#writeLabels(row.id, task.labels, false);
    const created = toTask(row);
    this.#log(row.id, actor, 'create', creationSnapshot(created), at);
    return created;
  }

  /** Writes `after` over `row`; the version guard makes a lost race a conflict, not an overwrite. */
  #update(row: TaskRow, after: Task, at: string): Task {
    const updated = this.#sql.updateTask.get({
      ...toWrite(after),
      parent_id: after.parentId === null ? null : parseTaskId(after.parentId),
      completed_at: after.completedAt,
      id: row.id,
      version: row.version,
      updated_at: at,
    });
    if (!updated) {
      const current = this.#requireTask(row.id);
      throw errors.staleVersion(formatTaskId(row.id), current.version, row.version);
    }
    return toTask(updated);
  }

  #writeLabels(key: number, labels: readonly string[], replace: boolean): void {
    if (replace) this.#sql.deleteLabels.run(key);
    for (const label of labels) this.#sql.insertLabel.run(key, label);
  }

  #log(key: number, actor: string, action: ActivityAction, changes: Record<string, unknown>, at: string): void {
    this.#sql.insertActivity.run(key, actor, action, JSON.stringify(changes), at);
  }

  /** Refuses a parent that is missing, the task itself, or one of its own descendants. */
  #checkParent(key: number, parentKey: number): void {
    if (parentKey === key) throw errors.selfParent(formatTaskId(key));
    if (!this.#sql.getTask.get(parentKey)) throw errors.parentNotFound(formatTaskId(parentKey));
    const up = (k: number) => {
      const parent = this.#sql.parentOf.get(k);
      return parent === null || parent === undefined ? [] : [parent];
    };
    const path = findPath(parentKey, key, up);
    if (path) throw errors.parentCycle(formatTaskId(key), path.map(formatTaskId));
  }

  /** Throws while dependencies are open, or subtasks are open without `force`; returns the open subtasks forced past. */
  #checkCompletable(key: number, force: boolean): string[] {
    const blockers = this.#sql.openBlockers.all(key).map(toTaskRef);
    if (blockers.length > 0) throw errors.openBlockers(formatTaskId(key), blockers);
    const subtasks = this.#sql.openChildren.all(key).map(toTaskRef);
    if (subtasks.length > 0 && !force) throw errors.openSubtasks(formatTaskId(key), subtasks);
    return subtasks.map((t) => t.id);
  }

  #dependencies(key: number): TaskDependencies {
    return {
      blockedBy: this.#sql.blockers.all(key).map(toTaskRef),
      blocks: this.#sql.blocking.all(key).map(toTaskRef),
    };
  }
}

type EditableFields = Pick<Task, 'title' | 'description' | 'status' | 'priority' | 'assignee' | 'project' | 'labels' | 'dueDate'>;

/** The stored columns of a task's editable fields (parent and completion are set by the caller). */
function toWrite(task: EditableFields): Omit<TaskWrite, 'parent_id' | 'completed_at'> {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: priorityRank(task.priority),
    assignee: task.assignee,
    project: task.project,
    labels: JSON.stringify(task.labels),
    due_date: task.dueDate,
  };
}
