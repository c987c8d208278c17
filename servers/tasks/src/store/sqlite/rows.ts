import { formatTaskId } from '../ids.js';
import type { ActivityAction, ActivityEntry, Comment, Task, TaskPriority, TaskRef, TaskStatus } from '../task-store.js';
import { TASK_PRIORITIES } from '../task-store.js';

/**
 * Row shapes of the SQLite schema and their mapping to the store's plain data. Keys are
 * integers in the database and `T-42` strings outside it; priorities are stored as ranks
 * (1 = low … 4 = urgent) so sorting by priority is an index scan.
 */

export interface TaskRow {
  id: number;
  title: string;
  description: string;
  status: TaskStatus;
  priority: number;
  assignee: string | null;
  project: string;
  labels: string;
  due_date: string | null;
  parent_id: number | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  created_by: string;
  version: number;
}

export interface TaskRefRow {
  id: number;
  title: string;
  status: TaskStatus;
}

export interface CommentRow {
  id: number;
  task_id: number;
  author: string;
  body: string;
  created_at: string;
}

export interface ActivityRow {
  id: number;
  task_id: number;
  actor: string;
  action: ActivityAction;
  changes: string;
  at: string;
}

export const priorityRank = (priority: TaskPriority): number => TASK_PRIORITIES.indexOf(priority) + 1;

export function priorityFromRank(rank: number): TaskPriority {
  const priority = TASK_PRIORITIES[rank - 1];
  if (!priority) throw new Error(`priority rank ${rank} is outside 1..${TASK_PRIORITIES.length}`);
  return priority;
}

export function toTask(row: TaskRow): Task {
  return {
    id: formatTaskId(row.id),
    title: row.title,
    description: row.description,
    status: row.status,
    priority: priorityFromRank(row.priority),
    assignee: row.assignee,
    project: row.project,
    labels: JSON.parse(row.labels) as string[],
    dueDate: row.due_date,
    parentId: row.parent_id === null ? null : formatTaskId(row.parent_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    createdBy: row.created_by,
    version: row.version,
  };
}

export const toTaskRef = (row: TaskRefRow): TaskRef => ({ id: formatTaskId(row.id), title: row.title, status: row.status });

export const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  taskId: formatTaskId(row.task_id),
  author: row.author,
  body: row.body,
  createdAt: row.created_at,
});

export const toActivity = (row: ActivityRow): ActivityEntry => ({
  id: row.id,
  taskId: formatTaskId(row.task_id),
  actor: row.actor,
  action: row.action,
  changes: JSON.parse(row.changes) as Record<string, unknown>,
  at: row.at,
});
