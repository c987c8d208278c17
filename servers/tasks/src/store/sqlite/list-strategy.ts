import type { TaskSort } from '../task-store.js';

/**
 * How to run a list query that filters by a set of task ids kept in another index: a
 * label (`task_labels`) or a text search (`tasks_fts`). SQLite has no usable estimate of
 * such a set's size (a full-text match has no statistics at all), so left alone it always
 * starts from the set: it reads the task row of every member, then sorts them all for one
 * page. Right for a small set; slow for a large one (a label on 9,572 of 100,000 tasks
 * took ~20 ms, the 17,688 matches of "database" ~30 ms). The store counts the set from
 * its own index first (no task rows read, ~0.03 µs a member), then picks a plan:
 *
 * - gather: start from the set, one task-row read per member (~0.7 µs each), then sort;
 * - walk: materialise the set once (SQLite adds a Bloom filter) and go through the index
 *   in the page's order, testing each entry against the set (~0.04 µs) and reading the
 *   row only for members; the page stops after `limit + 1` hits. The query names the
 *   index (`INDEXED BY`) and writes the set as `+t.id IN (…)` (the unary `+` is SQLite's
 *   documented way to keep a term from choosing the access path): left to itself, SQLite
 *   prefers a narrower filter index that is not in page order (priority, project) and
 *   then sorts every row it passes, because it cannot see how soon the walk will stop;
 *   the store can, from the counts.
 *
 * The rules below compare the two with those unit costs and keep a margin for data whose
 * matches sit at the far end of the walk (all old, say), where a walk passes every entry.
 */

/** The index in each sort's exact order, where there is one (`due` sorts on an expression; `priority` mixes directions). */
const WALK_INDEX: Partial<Record<TaskSort, string>> = { updated: 'tasks_by_updated' };

/**
 * The index the page should walk, or `null` to gather the set. A walk expects to pass
 * `(limit + 1) · tasks / total` entries; a gather reads `members` rows, each ~15 entries'
 * worth. Requiring `total · members ≥ (limit + 1) · tasks` (no credit for the 15×) keeps
 * the worst case, a walk through every task, within a few times the gather it replaced
 * (≤ ~5× at 100,000 tasks), while a typical walk is 10–50× cheaper.
 */
export function walkIndex(shape: { sort: TaskSort; limit: number; members: number; total: number; tasks: number }): string | null {
  const index = WALK_INDEX[shape.sort];
  if (index === undefined || shape.total === 0) return null;
  return shape.total * shape.members >= (shape.limit + 1) * shape.tasks ? index : null;
}

/**
 * Whether the total should be counted by scanning the other filters' index and testing
 * entries against the set, rather than reading every member's row. At most `tasks`
 * entries (~0.04 µs) plus the set (~0.2 µs a member) against `members` rows (~0.7 µs):
 * once the set holds a twelfth of the tasks the scan is no slower even when the other
 * filters match everything, and several times faster when they narrow the index.
 */
export function scanForCount(shape: { members: number; tasks: number }): boolean {
  return shape.members * 12 >= shape.tasks;
}
