import type Database from 'better-sqlite3';
import { type CursorPosition, decodeCursor, encodeCursor, queryFingerprint } from '../cursor.js';
import { parseTaskId } from '../ids.js';
import type { ParsedTaskQuery } from '../task-input.js';
import { type TaskPage, type TaskSort, UNASSIGNED } from '../task-store.js';
import { toFtsMatchQuery } from './fts-query.js';
import { scanForCount, walkIndex } from './list-strategy.js';
import { priorityRank, type TaskRow, toTask } from './rows.js';

/**
 * `listTasks` for SQLite: filters become a WHERE clause of `?` placeholders (never
 * spliced values), the sort becomes an ORDER BY that ends in the id so the order is
 * total, and the cursor becomes a keyset predicate "after the last row of the previous
 * page". Label and text filters are sets of ids from their own indexes: they are counted
 * there first, and those counts choose how the total and the page are read (see
 * list-strategy.ts). The SQL varies only with which filters are present and the plan
 * chosen, so statements are cached by their text in a map the store owns (a few dozen
 * shapes at most).
 */

export type StatementCache = Map<string, Database.Statement<unknown[], unknown>>;

interface SortPlan {
  orderBy: string;
  /** Keyset predicate and its parameters for "strictly after this position". */
  after(position: CursorPosition): { sql: string; params: unknown[] };
  valueOf(row: TaskRow): string | number | null;
}

const SORTS: Record<TaskSort, SortPlan> = {
  updated: {
    orderBy: 't.updated_at DESC, t.id DESC',
    after: (p) => ({ sql: '(t.updated_at, t.id) < (?, ?)', params: [p.value, p.key] }),
    valueOf: (row) => row.updated_at,
  },
  created: {
    orderBy: 't.id DESC',
    after: (p) => ({ sql: 't.id < ?', params: [p.key] }),
    valueOf: () => null,
  },
  priority: {
    orderBy: 't.priority DESC, t.id ASC',
    after: (p) => ({ sql: '(t.priority < ? OR (t.priority = ? AND t.id > ?))', params: [p.value, p.value, p.key] }),
    valueOf: (row) => row.priority,
  },
  due: {
    // Tasks without a due date come last, in id order.
    orderBy: 't.due_date IS NULL, t.due_date ASC, t.id ASC',
    after: (p) =>
      p.value === null
        ? { sql: '(t.due_date IS NULL AND t.id > ?)', params: [p.key] }
        : {
            sql: '(t.due_date IS NULL OR t.due_date > ? OR (t.due_date = ? AND t.id > ?))',
            params: [p.value, p.value, p.key],
          },
    valueOf: (row) => row.due_date,
  },
};

/** A filter that is a set of task ids from another index (see list-strategy.ts). */
interface Membership {
  /** SELECT of the member ids, one `?`. */
  ids: string;
  /** COUNT of the members from that index alone (no task rows), the same `?`. */
  count: string;
  param: unknown;
}

interface FilterPlan {
  /** Filters on columns of `tasks`. */
  clauses: string[];
  params: unknown[];
  memberships: Membership[];
  /** The filters in a normal form, so equal queries share cursors. */
  normalized: Record<string, unknown>;
}

function planFilters(query: ParsedTaskQuery): FilterPlan {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const memberships: Membership[] = [];
  const normalized: Record<string, unknown> = { sort: query.sort };
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };

  if (query.status !== undefined) {
    const statuses = [...new Set([query.status].flat())].sort();
    add(`t.status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
    normalized.status = statuses;
  }
  if (query.priority !== undefined) {
    const ranks = [...new Set([query.priority].flat().map(priorityRank))].sort();
    add(`t.priority IN (${ranks.map(() => '?').join(', ')})`, ...ranks);
    normalized.priority = ranks;
  }
  if (query.assignee !== undefined) {
    const unassigned = query.assignee.toLowerCase() === UNASSIGNED;
    if (unassigned) add('t.assignee IS NULL');
    else add('t.assignee = ?', query.assignee);
    normalized.assignee = query.assignee.toLowerCase();
  }
  if (query.project !== undefined) {
    add('t.project = ?', query.project);
    normalized.project = query.project.toLowerCase();
  }
  if (query.label !== undefined) {
    // label is COLLATE NOCASE, and (task_id, label) the key: one row per task and label.
    memberships.push({
      ids: 'SELECT task_id FROM task_labels WHERE label = ?',
      count: 'SELECT COUNT(*) FROM task_labels WHERE label = ?',
      param: query.label,
    });
    normalized.label = query.label.toLowerCase();
  }
  if (query.dueBefore !== undefined) {
    add('t.due_date <= ?', query.dueBefore);
    normalized.dueBefore = query.dueBefore;
  }
  if (query.dueAfter !== undefined) {
    add('t.due_date >= ?', query.dueAfter);
    normalized.dueAfter = query.dueAfter;
  }
  if (query.parentId !== undefined) {
    const parent = query.parentId === null ? null : parseTaskId(query.parentId, 'parentId');
    if (parent === null) add('t.parent_id IS NULL');
    else add('t.parent_id = ?', parent);
    normalized.parentId = parent;
  }
  if (query.query !== undefined && query.query.trim() !== '') {
    const match = toFtsMatchQuery(query.query);
    // The triggers keep tasks_fts to one entry per task, so its count is the tasks'.
    memberships.push({
      ids: 'SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?',
      count: 'SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH ?',
      param: match,
    });
    normalized.query = match;
  }
  return { clauses, params, memberships, normalized };
}

function cached(db: Database.Database, cache: StatementCache, sql: string) {
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** A WHERE clause of the column filters, the memberships (`+` when they must not pick the access path) and any extra terms. */
function whereOf(filters: FilterPlan, hinted: boolean, extra: { sql: string; params: unknown[] }[] = []) {
  const clauses = [
    ...filters.clauses,
    ...filters.memberships.map((m) => `${hinted ? '+' : ''}t.id IN (${m.ids})`),
    ...extra.map((e) => e.sql),
  ];
  return {
    sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '',
    params: [...filters.params, ...filters.memberships.map((m) => m.param), ...extra.flatMap((e) => e.params)],
  };
}

/** Runs one page of a parsed task query, with its total and the cursor for the next page. */
export function runListQuery(db: Database.Database, cache: StatementCache, query: ParsedTaskQuery): TaskPage {
  const filters = planFilters(query);
  const sort = SORTS[query.sort];
  const fingerprint = queryFingerprint(filters.normalized);
  const after = query.cursor === undefined ? [] : [sort.after(decodeCursor(query.cursor, { sort: query.sort, fingerprint }))];
  const scalar = (sql: string, params: unknown[]) =>
    cached(db, cache, sql)
      .pluck()
      .get(...params) as number;

  let total: number;
  let walk: string | null = null;
  if (filters.memberships.length === 0) {
    const where = whereOf(filters, false);
    total = scalar(`SELECT COUNT(*) FROM tasks t ${where.sql}`, where.params);
  } else {
    // Sized from their own indexes first, so the plans below can be chosen (list-strategy.ts).
    const members = Math.min(...filters.memberships.map((m) => scalar(m.count, [m.param])));
    const tasks = scalar('SELECT COUNT(*) FROM tasks', []);
    if (filters.memberships.length === 1 && filters.clauses.length === 0) {
      total = members;
    } else if (members === 0) {
      total = 0;
    } else {
      const where = whereOf(filters, scanForCount({ members, tasks }));
      total = scalar(`SELECT COUNT(*) FROM tasks t ${where.sql}`, where.params);
    }
    walk = walkIndex({ sort: query.sort, limit: query.limit, members, total, tasks });
  }

  // Nothing matches the filters, so no page after any cursor can hold a task.
  let rows: TaskRow[] = [];
  if (total > 0) {
    const where = whereOf(filters, walk !== null, after);
    const from = walk === null ? 'tasks t' : `tasks t INDEXED BY ${walk}`;
    // One row more than the page tells whether another page follows.
    rows = cached(db, cache, `SELECT t.* FROM ${from} ${where.sql} ORDER BY ${sort.orderBy} LIMIT ?`).all(
      ...where.params,
      query.limit + 1,
    ) as TaskRow[];
  }

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ sort: query.sort, value: sort.valueOf(last), key: last.id }, fingerprint) : null;
  return { items: page.map(toTask), nextCursor, total };
}
