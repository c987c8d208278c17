import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewTask, TASK_PRIORITIES, TASK_STATUSES, type TaskQuery, type TaskStore } from '../task-store.js';
import { openSqliteTaskStore } from './sqlite-task-store.js';

/**
 * The store at scale: 100,000 tasks seeded through the store in one transaction, then the
 * list queries the tools issue, checked for correct pages and paging. Speed is not
 * asserted here (a timed test flakes on a shared machine): bench/ measures list_tasks on
 * 100,000 tasks against its goal, and these runs only print their medians for reference.
 *
 * The store is in memory: it has the same schema, indexes and query plans as a file, and
 * seeding 100,000 tasks into a file adds seconds of WAL writing that measure the disk, not
 * the indexes. Durability on a file is covered by sqlite-task-store.test.ts.
 */

const TASKS = 100_000;
const RUNS = 20;
const WORDS = ['database', 'migration', 'login', 'crash', 'invoice', 'report', 'deploy', 'cache', 'search', 'email'];

function backlog(): NewTask[] {
  return Array.from({ length: TASKS }, (_, i) => ({
    title: `Task ${i} ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`,
    description: `About ${WORDS[(i * 3) % WORDS.length]} and ${WORDS[(i * 11) % WORDS.length]} number ${i}.`,
    status: TASK_STATUSES[i % TASK_STATUSES.length],
    priority: TASK_PRIORITIES[(i >> 3) % TASK_PRIORITIES.length],
    assignee: i % 9 === 0 ? null : `user-${i % 9}`,
    project: `proj-${i % 10}`,
    labels: [`label-${i % 13}`, `label-${(i * 5) % 13}`],
    dueDate: i % 4 === 0 ? null : `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe(`listTasks on ${TASKS.toLocaleString('en')} tasks`, () => {
  let store: TaskStore;

  beforeAll(async () => {
    store = await openSqliteTaskStore({ path: ':memory:' });
    const started = performance.now();
    await store.createTasks(backlog(), { actor: 'seed' });
    console.error(`seeded ${TASKS} tasks in one transaction: ${(performance.now() - started).toFixed(0)} ms`);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  const timed = async (query: TaskQuery) => {
    const times: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const page = await store.listTasks(query);
      times.push(performance.now() - started);
      total = page.total;
      expect(page.items.length).toBe(Math.min(query.limit ?? 20, page.total));
    }
    return { median: median(times), total };
  };

  it.each<[string, TaskQuery]>([
    ['project + status', { project: 'proj-4', status: 'todo' }],
    ['assignee + statuses', { assignee: 'user-3', status: ['todo', 'in_progress'] }],
    ['label + priority', { label: 'label-4', priority: 'urgent' }],
    ['unassigned, by priority', { assignee: 'unassigned', status: 'todo', sort: 'priority' }],
    ['due window, by due date', { dueAfter: '2026-03-01', dueBefore: '2026-03-31', sort: 'due' }],
    ['text query + project', { query: 'cache crash', project: 'proj-1' }],
    ['no filter', {}],
  ])('answers a first page filtered by %s', async (name, query) => {
    const { median: ms, total } = await timed(query);
    console.error(`listTasks ${name}: median ${ms.toFixed(2)} ms over ${RUNS} runs (${total} matching; see bench/)`);
    expect(total).toBeGreaterThan(0);
  });

  it('walks a filtered result to the end, every task exactly once', async () => {
    const query: TaskQuery = { project: 'proj-7', status: 'in_progress', limit: 100 };
    const expected = backlog().filter((t) => t.project === 'proj-7' && t.status === 'in_progress').length;
    const seen = new Set<string>();
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await store.listTasks({ ...query, ...(cursor ? { cursor } : {}) });
      for (const task of page.items) seen.add(task.id);
      total = page.total;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(total);
    expect(total).toBe(expected);
    expect(expected).toBeGreaterThan(1000);
  });
});
