import type { ParsedNewTask, ParsedTaskPatch } from './task-input.js';
import type { Task } from './task-store.js';

/**
 * Store-independent rules for what a write does to a task: the values a patch produces,
 * and the field-level before/after the activity log records.
 */

/** A field change as the activity log records it. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

const TRACKED_FIELDS = [
  'title',
  'description',
  'status',
  'priority',
  'assignee',
  'project',
  'labels',
  'dueDate',
  'parentId',
  'completedAt',
] as const satisfies readonly (keyof Task)[];

/**
 * The task after `patch`, with `completedAt` following status: set when it becomes
 * `done`, cleared when it leaves `done`. `version` and `updatedAt` are left to the caller,
 * which bumps them only if something changed.
 */
export function applyPatch(before: Task, patch: ParsedTaskPatch, now: string): Task {
  const after: Task = { ...before };
  for (const field of TRACKED_FIELDS) {
    if (field === 'completedAt') continue;
    const value = patch[field];
    if (value !== undefined) (after as unknown as Record<string, unknown>)[field] = value;
  }
  if (after.status === 'done' && before.status !== 'done') after.completedAt = now;
  if (after.status !== 'done') after.completedAt = null;
  return after;
}

/** `{ field: { from, to } }` for every tracked field that differs; empty when nothing did. */
export function diffTasks(before: Task, after: Task): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of TRACKED_FIELDS) {
    const from = before[field];
    const to = after[field];
    const same = Array.isArray(from) && Array.isArray(to) ? sameList(from, to) : from === to;
    if (!same) changes[field] = { from, to };
  }
  return changes;
}

/** What the `create` activity entry records: the task's initial values. */
export function creationSnapshot(task: Task): Record<string, unknown> {
  return {
    title: task.title,
    status: task.status,
    priority: task.priority,
    assignee: task.assignee,
    project: task.project,
    labels: task.labels,
    dueDate: task.dueDate,
    parentId: task.parentId,
  };
}

/** Whether a new task starts completed (it may be created as `done`). */
export function initialCompletedAt(parsed: ParsedNewTask, now: string): string | null {
  return parsed.status === 'done' ? now : null;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
