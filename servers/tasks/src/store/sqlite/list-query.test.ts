import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewTask, TASK_PRIORITIES, TASK_STATUSES, type Task, type TaskQuery, type TaskStore } from '../task-store.js';
import { walkIndex } from './list-strategy.js';
import { openSqliteTaskStore } from './sqlite-task-store.js';

/**
 * Label and text filters run one of two plans (list-strategy.ts): gather the matching set
 * and sort it, or walk `tasks_by_updated` and test entries against the set; the total is
 * counted from the set's own index, by reading members' rows, or by scanning another index.
 * Whichever runs, the pages must be the ones a plain filter-and-sort gives. The backlog
 * here has label and word sets large enough to walk and small enough to gather, and an
 * update order that differs from creation order, so a plan that skipped or reordered
 * rows would show.
 */

const TASKS = 1500;
const ACTOR = { actor: 'tester' };

function backlog(): NewTask[] {
  return Array.from({ length: TASKS }, (_, i) => ({
    title: `Task ${i} ${i % 3 === 0 ? 'database' : 'queue'}${i % 250 === 1 ? ' zebra' : ''}`,
    description: i % 5 === 0 ? 'login timeout seen' : 'nothing special',
    status: TASK_STATUSES[i % TASK_STATUSES.length],
    priority: TASK_PRIORITIES[(i >> 2) % TASK_PRIORITIES.length],
    labels: [...(i % 2 === 0 ? ['common'] : []), ...(i % 300 === 7 ? ['Rare'] : [])],
  }));
}

const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
const key = (task: Task) => Number(task.id.slice(2));
const rank = (task: Task) => TASK_PRIORITIES.indexOf(task.priority);

/** The query answered the obvious way, from every task in memory. */
function expected(all: Task[], query: TaskQuery): string[] {
  const statuses = query.status === undefined ? undefined : [query.status].flat();
  const priorities = query.priority === undefined ? undefined : [query.priority].flat();
  const terms = query.query?.toLowerCase().split(/\s+/u) ?? [];
  const matching = all.filter((t) => {
    const text = words(`${t.title} ${t.description}`);
    return (
      (statuses === undefined || statuses.includes(t.status)) &&
      (priorities === undefined || priorities.includes(t.priority)) &&
      (query.label === undefined || t.labels.some((l) => l.toLowerCase() === query.label?.toLowerCase())) &&
      terms.every((term) => text.has(term))
    );
  });
  const order: Record<string, (a: Task, b: Task) => number> = {
    updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || key(b) - key(a),
    created: (a, b) => key(b) - key(a),
    priority: (a, b) => rank(b) - rank(a) || key(a) - key(b),
  };
  return matching.sort(order[query.sort ?? 'updated']).map((t) => t.id);
}

describe('listTasks with label and text filters, on either plan', () => {
  let store: TaskStore;
  let all: Task[];

  beforeAll(async () => {
    let tick = Date.UTC(2026, 0, 1);
    const now = () => {
      tick += 1000;
      return new Date(tick);
    };
    store = await openSqliteTaskStore({ path: ':memory:', now });
    await store.createTasks(backlog(), ACTOR);
    // Touch every seventh task, newest first, so update order is not creation order.
    for (let i = TASKS; i > 0; i -= 7) await store.assignTask(`T-${i}`, 'carol', ACTOR);
    all = [];
    let cursor: string | undefined;
    do {
      const page = await store.listTasks({ limit: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }, 30_000);

  afterAll(async () => {
    await store?.close();
  });

  it('has a backlog that sends large sets down the walk and small ones to the gather', () => {
    expect(all).toHaveLength(TASKS);
    const walks = (query: TaskQuery, members: number) => {
      const total = expected(all, query).length;
      return walkIndex({ sort: query.sort ?? 'updated', limit: 7, members, total, tasks: TASKS }) !== null;
    };
    expect(walks({ label: 'common' }, 750)).toBe(true);
    expect(walks({ label: 'common', status: 'todo' }, 750)).toBe(true);
    expect(walks({ query: 'database' }, 500)).toBe(true);
    expect(walks({ label: 'rare' }, 5)).toBe(false);
    expect(walks({ query: 'zebra' }, 6)).toBe(false);
    expect(walks({ label: 'common', sort: 'priority' }, 750)).toBe(false);
  });

  it.each<[string, TaskQuery]>([
    ['a common label', { label: 'common' }],
    ['a common label, other case, with a status', { label: 'COMMON', status: 'todo' }],
    ['a rare label', { label: 'rare' }],
    ['a common word', { query: 'database' }],
    ['a common word with statuses and a priority', { query: 'database', status: ['todo', 'done'], priority: 'high' }],
    ['two words', { query: 'login timeout' }],
    ['a rare word', { query: 'zebra' }],
    ['a label and a word', { label: 'common', query: 'database' }],
    ['a label and a rare word with a status', { label: 'common', query: 'zebra', status: 'todo' }],
    ['a label, by priority', { label: 'common', sort: 'priority' }],
    ['two words, by creation', { query: 'login timeout', sort: 'created' }],
    ['a label nobody has', { label: 'nothing' }],
  ])('pages through %s in order, every match once, with the right total', async (_name, query) => {
    const want = expected(all, query);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listTasks({ ...query, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(want.length);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(want);
  });

  it('sees a label added after the first count, in both the total and the pages', async () => {
    const before = (await store.listTasks({ label: 'rare' })).total;
    await store.updateTask('T-1500', { labels: ['rare', 'common'] }, ACTOR);
    const page = await store.listTasks({ label: 'rare' });
    expect(page.total).toBe(before + 1);
    expect(page.items[0]?.id).toBe('T-1500');
  });
});
