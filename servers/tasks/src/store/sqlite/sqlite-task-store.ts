import { type Logger, McpKitError, silentLogger } from '@mcpkit/core';
import type Database from 'better-sqlite3';
import { findPath } from '../graph.js';
import { formatTaskId, parseTaskId } from '../ids.js';
import { applyPatch, diffTasks } from '../task-changes.js';
import * as errors from '../task-errors.js';
import {
  parseActor,
  parseAssignee,
  parseCommentBody,
  parseLimit,
  parseNewTask,
  parseNewTasks,
  parseProjectName,
  parseTaskPatch,
  parseTaskQuery,
} from '../task-input.js';
import type {
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
import { runListQuery, type StatementCache } from './list-query.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import { toActivity, toComment, toTask, toTaskRef } from './rows.js';
import { mapSqliteError } from './sqlite-errors.js';
import { prepareStatements, type Statements } from './statements.js';
import { TaskSteps } from './task-steps.js';

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
    // long-lived connection); without them a filtered list may pick a poor index. A full
    // ANALYZE, not a sampled one: sampling misjudged the label and text filters 5-10x,
    // and the full pass costs ~0.1 s per 100,000 tasks, once, kept in sqlite_stat1.
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
  readonly #steps: TaskSteps;
  readonly #aggregates: Aggregates;
  readonly #listCache: StatementCache = new Map();
  readonly #logger: Logger;
  readonly #now: () => Date;
  #closed = false;

  constructor(db: Database.Database, logger: Logger, now: () => Date) {
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#steps = new TaskSteps(this.#sql);
    this.#aggregates = prepareAggregates(db);
    this.#logger = logger;
    this.#now = now;
  }

  async createTask(input: NewTask, options: { actor: string }): Promise<Task> {
    const actor = parseActor(options.actor);
    const parsed = parseNewTask(input);
    return this.#write(() => this.#steps.insert(parsed, actor, this.#timestamp()));
  }

  async createTasks(inputs: NewTask[], options: { actor: string }): Promise<Task[]> {
    const actor = parseActor(options.actor);
    const parsed = parseNewTasks(inputs);
    const created = this.#write(() => {
      const at = this.#timestamp();
      return parsed.map((task) => this.#steps.insert(task, actor, at));
    });
    // A bulk import shifts the row counts the planner's statistics describe; 0x10002 looks
    // at every table, including ones this connection has not queried yet.
    if (created.length >= BULK_INSERT) this.#optimize('optimize = 0x10002');
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
    return this.#read(() => toTask(this.#steps.requireTask(key)));
  }

  async updateTask(id: string, patch: TaskPatch, options: WriteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    const parsed = parseTaskPatch(patch);
    const parentKey = typeof parsed.parentId === 'string' ? parseTaskId(parsed.parentId, 'parentId') : null;
    if (parentKey !== null) parsed.parentId = formatTaskId(parentKey);
    return this.#write(() => {
      const row = this.#steps.requireTask(key, options.expectedVersion);
      const at = this.#timestamp();
      const before = toTask(row);
      const after = applyPatch(before, parsed, at);
      const changes = diffTasks(before, after);
      if (Object.keys(changes).length === 0) return before;
      if (changes.parentId && parentKey !== null) this.#steps.checkParent(key, parentKey);
      if (changes.status && after.status === 'done') this.#steps.checkCompletable(key, false);
      const updated = this.#steps.update(row, after, at);
      if (changes.labels) this.#steps.writeLabels(key, after.labels, true);
      this.#steps.log(key, actor, 'update', changes, at);
      return updated;
    });
  }

  async assignTask(id: string, assignee: string | null, options: WriteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    const next = parseAssignee(assignee);
    return this.#write(() => {
      const row = this.#steps.requireTask(key, options.expectedVersion);
      const before = toTask(row);
      if (before.assignee === next) return before;
      const at = this.#timestamp();
      const updated = this.#steps.update(row, { ...before, assignee: next }, at);
      this.#steps.log(key, actor, 'assign', { assignee: { from: before.assignee, to: next } }, at);
      return updated;
    });
  }

  async completeTask(id: string, options: CompleteOptions): Promise<Task> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    return this.#write(() => {
      const row = this.#steps.requireTask(key, options.expectedVersion);
      const before = toTask(row);
      if (before.status === 'done') return before;
      const stillOpen = this.#steps.checkCompletable(key, options.force === true);
      const at = this.#timestamp();
      const updated = this.#steps.update(row, applyPatch(before, { status: 'done' }, at), at);
      const forced = stillOpen.length > 0 ? { forced: true, openSubtasks: stillOpen } : {};
      const changes = { status: { from: before.status, to: 'done' }, completedAt: at, ...forced };
      this.#steps.log(key, actor, 'complete', changes, at);
      return updated;
    });
  }

  async deleteTask(id: string, options: DeleteOptions): Promise<DeleteResult> {
    const key = parseTaskId(id);
    const actor = parseActor(options.actor);
    return this.#write(() => {
      this.#steps.requireTask(key, options.expectedVersion);
      const children = this.#sql.children.all(key);
      if (children.length > 0 && options.cascade !== true) {
        throw errors.hasSubtasks(formatTaskId(key), children.map(toTaskRef));
      }
      const keys = options.cascade === true ? this.#sql.subtree.all(key) : [key];
      const deleting = new Set(keys);
      const at = this.#timestamp();
      for (const k of keys) {
        const task = toTask(this.#steps.requireTask(k));
        const unblocked = this.#sql.blocking
          .all(k)
          .filter((t) => !deleting.has(t.id))
          .map((t) => formatTaskId(t.id));
        this.#steps.log(
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
      this.#steps.requireTask(key);
      const at = this.#timestamp();
      const comment = this.#sql.insertComment.get(key, actor, text, at);
      if (!comment) throw new Error('INSERT … RETURNING returned no comment row');
      this.#steps.log(key, actor, 'comment', { commentId: comment.id, excerpt: text.slice(0, COMMENT_EXCERPT) }, at);
      return toComment(comment);
    });
  }

  async listComments(taskId: string, options: { limit?: number } = {}): Promise<Comment[]> {
    const key = parseTaskId(taskId);
    const limit = parseLimit(options.limit, 50, 200);
    return this.#read(() => {
      this.#steps.requireTask(key);
      return this.#sql.latestComments.all(key, limit).map(toComment);
    });
  }

  async addDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    const blockerKey = parseTaskId(dependsOnId, 'dependency id');
    const actor = parseActor(options.actor);
    if (key === blockerKey) throw errors.selfDependency(formatTaskId(key));
    return this.#write(() => {
      this.#steps.requireTask(key);
      this.#steps.requireTask(blockerKey);
      // The new edge closes a cycle exactly when the blocker already depends, through
      // any chain, on this task.
      const path = findPath(blockerKey, key, (k) => this.#sql.dependsOnIds.all(k));
      if (path) throw errors.dependencyCycle([key, ...path].map(formatTaskId));
      const at = this.#timestamp();
      if (this.#sql.insertDependency.run(key, blockerKey, at).changes > 0) {
        this.#steps.log(key, actor, 'dependency_add', { dependsOn: formatTaskId(blockerKey) }, at);
      }
      return this.#steps.dependencies(key);
    });
  }

  async removeDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    const blockerKey = parseTaskId(dependsOnId, 'dependency id');
    const actor = parseActor(options.actor);
    return this.#write(() => {
      this.#steps.requireTask(key);
      if (this.#sql.deleteDependency.run(key, blockerKey).changes === 0) {
        throw errors.dependencyNotFound(formatTaskId(key), formatTaskId(blockerKey));
      }
      this.#steps.log(key, actor, 'dependency_remove', { dependsOn: formatTaskId(blockerKey) }, this.#timestamp());
      return this.#steps.dependencies(key);
    });
  }

  async getDependencies(taskId: string): Promise<TaskDependencies> {
    const key = parseTaskId(taskId);
    return this.#read(() => {
      this.#steps.requireTask(key);
      return this.#steps.dependencies(key);
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
    this.#optimize('optimize');
    this.#db.close();
  }

  /** `PRAGMA optimize`: cheap when nothing changed; a failure only costs plan quality, so it is logged, not thrown. */
  #optimize(pragma: 'optimize' | 'optimize = 0x10002'): void {
    try {
      this.#db.pragma(pragma);
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
}
