import { z } from 'zod';

/**
 * The storage contract of the tasks server. Tools and resources call only this
 * interface; the SQLite store (`sqlite/sqlite-task-store.ts`) implements it today and a
 * PostgreSQL store will implement it later, both checked by the same contract suite
 * (`task-store.contract.ts`). Plain data in and out: no driver types cross this line.
 *
 * Every write is one transaction that also appends its activity entries, and every
 * failure is an `McpKitError` whose message tells the model what to do next.
 */

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'in_review', 'done', 'cancelled'] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Statuses of work still to do. `done` and `cancelled` are closed: they block nothing. */
export const OPEN_STATUSES = ['todo', 'in_progress', 'blocked', 'in_review'] as const satisfies readonly TaskStatus[];

/** Lowest to highest: sorting by priority puts `urgent` first. */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const taskPrioritySchema = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

export const TASK_SORTS = ['updated', 'created', 'priority', 'due'] as const;
export const taskSortSchema = z.enum(TASK_SORTS);
/**
 * - `updated`: most recently changed first (default);
 * - `created`: newest first;
 * - `priority`: urgent first, then oldest first within a priority;
 * - `due`: earliest due date first, tasks without one last, then oldest first.
 */
export type TaskSort = z.infer<typeof taskSortSchema>;

export const ACTIVITY_ACTIONS = [
  'create',
  'update',
  'assign',
  'comment',
  'dependency_add',
  'dependency_remove',
  'complete',
  'delete',
] as const;
export const activityActionSchema = z.enum(ACTIVITY_ACTIONS);
export type ActivityAction = z.infer<typeof activityActionSchema>;

/** The assignee filter value that means "nobody"; reserved, so no one can be called it. */
export const UNASSIGNED = 'unassigned';
/** The project a task lands in when none is given. */
export const DEFAULT_PROJECT = 'inbox';

export interface Task {
  /** `T-42`. */
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: string | null;
  project: string;
  labels: string[];
  /** `YYYY-MM-DD`, a calendar day (overdue is judged against the UTC date). */
  dueDate: string | null;
  parentId: string | null;
  /** ISO 8601 timestamps (UTC, milliseconds). */
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  createdBy: string;
  /**
   * Starts at 1 and grows by one with every change to the task's own fields, so a
   * caller holding version N can ask for a write that fails if anyone changed it since.
   * Comments and dependency edges are separate records and do not bump it.
   */
  version: number;
}

/** A short reference to a task, used where a list of related tasks is shown. */
export interface TaskRef {
  id: string;
  title: string;
  status: TaskStatus;
}

export interface TaskDependencies {
  /** Tasks this one depends on (is blocked by). */
  blockedBy: TaskRef[];
  /** Tasks that depend on this one. */
  blocks: TaskRef[];
}

export interface Comment {
  id: number;
  taskId: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface ActivityEntry {
  id: number;
  /** The task as it was named then; it may since have been deleted. */
  taskId: string;
  actor: string;
  action: ActivityAction;
  /**
   * JSON. For updates and assignments `{ field: { from, to } }`; for creation the initial
   * values; for the others the ids and facts of the change.
   */
  changes: Record<string, unknown>;
  at: string;
}

export interface NewTask {
  title: string;
  /** @default '' */
  description?: string;
  /** @default 'todo' */
  status?: TaskStatus;
  /** @default 'medium' */
  priority?: TaskPriority;
  /** @default null */
  assignee?: string | null;
  /** @default the parent's project for a subtask, otherwise 'inbox' */
  project?: string;
  /** @default [] */
  labels?: string[];
  /** @default null */
  dueDate?: string | null;
  /** @default null */
  parentId?: string | null;
}

/** The fields `updateTask` may change; at least one must be present. */
export type TaskPatch = Partial<{
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: string | null;
  project: string;
  labels: string[];
  dueDate: string | null;
  parentId: string | null;
}>;

export interface TaskQuery {
  /** One status or any of several. */
  status?: TaskStatus | TaskStatus[];
  /** A person, or `'unassigned'` for tasks nobody holds. Case-insensitive. */
  assignee?: string;
  /** Case-insensitive. */
  project?: string;
  /** Tasks carrying this label. Case-insensitive. */
  label?: string;
  priority?: TaskPriority | TaskPriority[];
  /** Due on or before this day. Tasks without a due date never match. */
  dueBefore?: string;
  /** Due on or after this day. */
  dueAfter?: string;
  /** Subtasks of this task; `null` for top-level tasks only. */
  parentId?: string | null;
  /** Words to find in title or description (all must match; `word*` matches a prefix). */
  query?: string;
  /** @default 'updated' */
  sort?: TaskSort;
  /** @default 20, at most 100 */
  limit?: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string;
}

export interface TaskPage {
  items: Task[];
  /** Present when more tasks follow; pass it back as `cursor` with the same query. */
  nextCursor: string | null;
  /** How many tasks match the query in all pages. */
  total: number;
}

export interface ProjectStatus {
  /** The project asked for, or `null` for all projects together. */
  project: string | null;
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** done / (total − cancelled), in percent with one decimal; 0 when nothing counts. */
  completionPercent: number;
  /** Open tasks whose due date is before today (UTC). */
  overdue: number;
  /** Open tasks in status `blocked` or waiting on at least one open dependency. */
  blocked: number;
}

export interface WorkloadEntry {
  /** `null` for open tasks nobody holds. */
  assignee: string | null;
  open: number;
  byPriority: Record<TaskPriority, number>;
  overdue: number;
}

/** Who is writing, and optionally the version they last read. */
export interface WriteOptions {
  /** The principal making the change, recorded in the activity log. */
  actor: string;
  /** Fail with `conflict` unless the task is still at this version. */
  expectedVersion?: number;
}

export interface CompleteOptions extends WriteOptions {
  /**
   * Complete even though subtasks are still open (they stay as they are). Open
   * dependencies always refuse: finish or remove them first.
   * @default false
   */
  force?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  /**
   * Also delete every subtask, recursively. Without it a task with subtasks is refused.
   * @default false
   */
  cascade?: boolean;
}

export interface DeleteResult {
  /** The deleted task first, then its subtree. */
  deletedIds: string[];
}

export interface TaskStore {
  /** Creates one task. `parentId` makes it a subtask (the parent must exist). */
  createTask(input: NewTask, options: { actor: string }): Promise<Task>;
  /** Creates several tasks in one transaction: all of them or, on any error, none. */
  createTasks(inputs: NewTask[], options: { actor: string }): Promise<Task[]>;
  /** Creates subtasks of `parentId` in one transaction; they default to its project. */
  createSubtasks(parentId: string, inputs: Omit<NewTask, 'parentId'>[], options: { actor: string }): Promise<Task[]>;
  /** `not_found` when there is no such task. */
  getTask(id: string): Promise<Task>;
  /**
   * Changes the given fields and bumps `version`; a patch equal to the current values
   * changes nothing and returns the task as it is. Setting status `done` follows the
   * same rules as `completeTask` without `force`; leaving `done` clears `completedAt`.
   */
  updateTask(id: string, patch: TaskPatch, options: WriteOptions): Promise<Task>;
  /** Sets or (with `null`) clears the assignee. */
  assignTask(id: string, assignee: string | null, options: WriteOptions): Promise<Task>;
  /**
   * Status `done` and `completedAt`. Refused (`conflict`, naming them) while a dependency
   * is open, and while a subtask is open unless `force`. Completing a done task is a no-op.
   */
  completeTask(id: string, options: CompleteOptions): Promise<Task>;
  /**
   * Deletes the task with its comments and dependency edges (and with `cascade`, its
   * subtree). Its activity entries stay: the log is history.
   */
  deleteTask(id: string, options: DeleteOptions): Promise<DeleteResult>;
  addComment(taskId: string, body: string, options: { actor: string }): Promise<Comment>;
  /** The latest `limit` comments, oldest first. @default limit 50, at most 200 */
  listComments(taskId: string, options?: { limit?: number }): Promise<Comment[]>;
  /**
   * Records that `taskId` depends on (is blocked by) `dependsOnId`. Refused when it would
   * close a cycle (`conflict` naming the path) or point at itself. Adding an existing
   * dependency changes nothing. Returns the task's dependencies afterwards.
   */
  addDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies>;
  /** `not_found` when there is no such dependency. Returns the dependencies afterwards. */
  removeDependency(taskId: string, dependsOnId: string, options: { actor: string }): Promise<TaskDependencies>;
  getDependencies(taskId: string): Promise<TaskDependencies>;
  /**
   * Filtered, sorted, cursor-paginated tasks. Pages are keyed on the sort value and id,
   * so tasks created while paging never cause duplicates or gaps among the others.
   */
  listTasks(query?: TaskQuery): Promise<TaskPage>;
  /** Counts for one project (`not_found` if it has no tasks) or for all of them. */
  projectStatus(project?: string): Promise<ProjectStatus>;
  /** Project names in use, alphabetical, optionally starting with `prefix` (case-insensitive). */
  listProjects(options?: { prefix?: string; limit?: number }): Promise<string[]>;
  /** Open tasks per assignee (unassigned as `null`), busiest first. */
  teamWorkload(): Promise<WorkloadEntry[]>;
  /** Newest first. @default limit 20, at most 100 */
  recentActivity(options?: { limit?: number; taskId?: string }): Promise<ActivityEntry[]>;
  /** Releases the store; later calls fail. Safe to call twice. */
  close(): Promise<void>;
}
