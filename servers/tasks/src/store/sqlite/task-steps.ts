import { findPath } from '../graph.js';
import { formatTaskId, parseTaskId } from '../ids.js';
import { creationSnapshot, initialCompletedAt } from '../task-changes.js';
import * as errors from '../task-errors.js';
import { type ParsedNewTask, resolveProject } from '../task-input.js';
import type { ActivityAction, Task, TaskDependencies } from '../task-store.js';
import { priorityRank, type TaskRow, toTask, toTaskRef } from './rows.js';
import type { Statements, TaskWrite } from './statements.js';

/**
 * The row-level steps the SQLite store's transactions are made of: find a task (checking
 * its version), insert or rewrite one with its labels, append an activity entry, and the
 * checks that guard parents and completion. Each runs inside the caller's transaction, so
 * a later failure undoes every earlier step.
 */
export class TaskSteps {
  readonly #sql: Statements;

  constructor(sql: Statements) {
    this.#sql = sql;
  }

  requireTask(key: number, expectedVersion?: number): TaskRow {
    const row = this.#sql.getTask.get(key);
    if (!row) throw errors.taskNotFound(formatTaskId(key));
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw errors.staleVersion(formatTaskId(key), row.version, expectedVersion);
    }
    return row;
  }

  insert(task: ParsedNewTask, actor: string, at: string): Task {
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
    this.writeLabels(row.id, task.labels, false);
    const created = toTask(row);
    this.log(row.id, actor, 'create', creationSnapshot(created), at);
    return created;
  }

  /** Writes `after` over `row`; the version guard makes a lost race a conflict, not an overwrite. */
  update(row: TaskRow, after: Task, at: string): Task {
    const updated = this.#sql.updateTask.get({
      ...toWrite(after),
      parent_id: after.parentId === null ? null : parseTaskId(after.parentId),
      completed_at: after.completedAt,
      id: row.id,
      version: row.version,
      updated_at: at,
    });
    if (!updated) {
      const current = this.requireTask(row.id);
      throw errors.staleVersion(formatTaskId(row.id), current.version, row.version);
    }
    return toTask(updated);
  }

  writeLabels(key: number, labels: readonly string[], replace: boolean): void {
    if (replace) this.#sql.deleteLabels.run(key);
    for (const label of labels) this.#sql.insertLabel.run(key, label);
  }

  log(key: number, actor: string, action: ActivityAction, changes: Record<string, unknown>, at: string): void {
    this.#sql.insertActivity.run(key, actor, action, JSON.stringify(changes), at);
  }

  /** Refuses a parent that is missing, the task itself, or one of its own descendants. */
  checkParent(key: number, parentKey: number): void {
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
  checkCompletable(key: number, force: boolean): string[] {
    const blockers = this.#sql.openBlockers.all(key).map(toTaskRef);
    if (blockers.length > 0) throw errors.openBlockers(formatTaskId(key), blockers);
    const subtasks = this.#sql.openChildren.all(key).map(toTaskRef);
    if (subtasks.length > 0 && !force) throw errors.openSubtasks(formatTaskId(key), subtasks);
    return subtasks.map((t) => t.id);
  }

  dependencies(key: number): TaskDependencies {
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
