import type Database from 'better-sqlite3';
import { projectNotFound } from '../task-errors.js';
import {
  type ProjectStatus,
  TASK_PRIORITIES,
  TASK_STATUSES,
  type TaskPriority,
  type TaskStatus,
  type WorkloadEntry,
} from '../task-store.js';
import { priorityFromRank } from './rows.js';

/**
 * The read-only summaries behind the server's resources (project status, team workload,
 * project name completion), as grouped queries over the same indexes the list uses.
 */

const OPEN = `('todo','in_progress','blocked','in_review')`;

type StatusCounts = Database.Statement<[{ project?: string }], { status: TaskStatus; n: number }>;
type Overdue = Database.Statement<[{ project?: string; today: string }], { n: number }>;
type Blocked = Database.Statement<[{ project?: string }], { n: number }>;
type ScopedCounts = { statusCounts: StatusCounts; overdue: Overdue; blocked: Blocked };

/** The prepared summary statements: counts across all projects or within one. */
export interface Aggregates {
  all: ScopedCounts;
  project: ScopedCounts;
  /** The stored spelling of a project name (names compare case-insensitively). */
  projectName: Database.Statement<[string], string>;
  projects: Database.Statement<[string, number], string>;
  workload: Database.Statement<[string], { assignee: string | null; priority: number; n: number; overdue: number }>;
}

export function prepareAggregates(db: Database.Database): Aggregates {
  const scoped = (project: boolean) => (project ? 'AND t.project = @project' : '');
  const statusCounts = (project: boolean): StatusCounts =>
    db.prepare<[{ project?: string }], { status: TaskStatus; n: number }>(
      `SELECT t.status, COUNT(*) AS n FROM tasks t WHERE 1 = 1 ${scoped(project)} GROUP BY t.status`,
    );
  const overdue = (project: boolean): Overdue =>
    db.prepare<[{ project?: string; today: string }], { n: number }>(
      `SELECT COUNT(*) AS n FROM tasks t WHERE t.status IN ${OPEN} AND t.due_date < @today ${scoped(project)}`,
    );
  const blocked = (project: boolean): Blocked =>
    db.prepare<[{ project?: string }], { n: number }>(
      `SELECT COUNT(*) AS n FROM tasks t
       WHERE t.status IN ${OPEN} ${scoped(project)}
         AND (t.status = 'blocked' OR EXISTS (
           SELECT 1 FROM dependencies d JOIN tasks b ON b.id = d.depends_on_id
           WHERE d.task_id = t.id AND b.status IN ${OPEN}))`,
    );
  return {
    all: { statusCounts: statusCounts(false), overdue: overdue(false), blocked: blocked(false) },
    project: { statusCounts: statusCounts(true), overdue: overdue(true), blocked: blocked(true) },
    projectName: db.prepare<[string], string>('SELECT project FROM tasks WHERE project = ? LIMIT 1').pluck(),
    projects: db
      .prepare<[string, number], string>(`SELECT DISTINCT project FROM tasks WHERE project LIKE ? ESCAPE '\\' ORDER BY project LIMIT ?`)
      .pluck(),
    workload: db.prepare<[string], { assignee: string | null; priority: number; n: number; overdue: number }>(
      `SELECT assignee, priority, COUNT(*) AS n, COALESCE(SUM(due_date < ?), 0) AS overdue
       FROM tasks WHERE status IN ${OPEN} GROUP BY assignee, priority`,
    ),
  };
}

export function projectStatus(aggregates: Aggregates, today: string, project?: string): ProjectStatus {
  let name: string | null = null;
  if (project !== undefined) {
    name = aggregates.projectName.get(project) ?? null;
    if (name === null) throw projectNotFound(project);
  }
  const queries = name === null ? aggregates.all : aggregates.project;
  const params = name === null ? {} : { project: name };
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const row of queries.statusCounts.all(params)) byStatus[row.status] = row.n;
  const total = TASK_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
  const counted = total - byStatus.cancelled;
  return {
    project: name,
    total,
    byStatus,
    completionPercent: counted === 0 ? 0 : Math.round((byStatus.done / counted) * 1000) / 10,
    overdue: queries.overdue.get({ ...params, today })?.n ?? 0,
    blocked: queries.blocked.get(params)?.n ?? 0,
  };
}

export function listProjects(aggregates: Aggregates, prefix: string, limit: number): string[] {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return aggregates.projects.all(pattern, limit);
}

export function teamWorkload(aggregates: Aggregates, today: string): WorkloadEntry[] {
  const entries = new Map<string | null, WorkloadEntry>();
  for (const row of aggregates.workload.all(today)) {
    const key = row.assignee?.toLowerCase() ?? null;
    let entry = entries.get(key);
    if (!entry) {
      const byPriority = Object.fromEntries(TASK_PRIORITIES.map((p) => [p, 0])) as Record<TaskPriority, number>;
      entry = { assignee: row.assignee, open: 0, byPriority, overdue: 0 };
      entries.set(key, entry);
    }
    entry.byPriority[priorityFromRank(row.priority)] += row.n;
    entry.open += row.n;
    entry.overdue += row.overdue;
  }
  // Busiest first; the unassigned pile after the people with as much work.
  return [...entries.values()].sort(
    (a, b) =>
      b.open - a.open || Number(a.assignee === null) - Number(b.assignee === null) || (a.assignee ?? '').localeCompare(b.assignee ?? ''),
  );
}
