import type { NewTask, Task, TaskQuery, TaskStore } from '../task-store.js';
import { ACTOR } from './contract-harness.contract.js';

/**
 * A small, varied backlog the list and search contracts query. Created in this order,
 * one clock second apart, so `T-n` is the n-th entry and creation order = update order.
 */
export const BACKLOG: NewTask[] = [
  {
    title: 'Fix login crash on Safari',
    description: 'The login page crashes (Safari 17) when the password contains a quote ".',
    priority: 'urgent',
    assignee: 'alice',
    project: 'web',
    labels: ['bug', 'auth'],
    dueDate: '2026-03-01',
  },
  {
    title: 'Design new dashboard',
    description: 'Charts for the café owners.',
    status: 'in_progress',
    priority: 'high',
    assignee: 'bob',
    project: 'web',
    labels: ['design'],
    dueDate: '2026-03-05',
  },
  {
    title: 'Deploy pipeline',
    description: 'Move CI to the new runners.',
    priority: 'medium',
    project: 'ops',
    labels: ['infra'],
  },
  {
    title: 'Write onboarding docs',
    description: 'Words like AND, OR and NOT are plain words here.',
    status: 'done',
    priority: 'low',
    assignee: 'Alice',
    project: 'docs',
    dueDate: '2026-02-20',
  },
  {
    title: 'Mobile crash reports',
    description: 'Crash on startup of the mobile app.',
    status: 'blocked',
    priority: 'high',
    assignee: 'carol',
    project: 'Web',
    labels: ['Bug', 'mobile'],
    dueDate: '2026-03-03',
  },
  {
    title: 'Refactor auth module',
    status: 'cancelled',
    assignee: 'bob',
    project: 'ops',
    labels: ['auth'],
    dueDate: '2026-03-10',
  },
];

/** Creates the backlog, then T-7 "Reproduce crash" as a subtask of T-1. */
export async function seedBacklog(store: TaskStore): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const input of BACKLOG) tasks.push(await store.createTask(input, ACTOR));
  tasks.push(...(await store.createSubtasks('T-1', [{ title: 'Reproduce crash', labels: ['bug'] }], ACTOR)));
  return tasks;
}

/** The ids of the first page of `query`. */
export async function ids(store: TaskStore, query: TaskQuery = {}): Promise<string[]> {
  return (await store.listTasks(query)).items.map((t) => t.id);
}

/** Every id of `query`, following cursors page by page (at most 100 pages). */
export async function allPages(store: TaskStore, query: TaskQuery, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.listTasks({ ...query, ...(cursor ? { cursor } : {}) });
    seen.push(...result.items.map((t) => t.id));
    totals.push(result.total);
    if (!result.nextCursor) return { seen, totals, pages: page + 1 };
    cursor = result.nextCursor;
    await between?.(page);
  }
  throw new Error('pagination did not end within 100 pages');
}
