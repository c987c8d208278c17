import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';
import { allPages, ids, seedBacklog } from './list-fixture.contract.js';

export function describeListContract(makeStore: MakeStore): void {
  describe('listTasks filters and sorts', () => {
    const f = useStore(makeStore);

    it('lists everything, most recently updated first, with the total', async () => {
      await seedBacklog(f.store);
      const page = await f.store.listTasks();
      expect(page.items.map((t) => t.id)).toEqual(['T-7', 'T-6', 'T-5', 'T-4', 'T-3', 'T-2', 'T-1']);
      expect(page).toMatchObject({ total: 7, nextCursor: null });
      await f.store.updateTask('T-3', { priority: 'high' }, ACTOR);
      expect((await ids(f.store)).slice(0, 2)).toEqual(['T-3', 'T-7']);
    });

    it.each([
      ['one status', { status: 'todo' }, ['T-7', 'T-3', 'T-1']],
      ['several statuses', { status: ['blocked', 'done'] }, ['T-5', 'T-4']],
      ['an assignee, case-insensitively', { assignee: 'ALICE' }, ['T-4', 'T-1']],
      ['unassigned', { assignee: 'unassigned' }, ['T-7', 'T-3']],
      ['a project, case-insensitively', { project: 'WEB' }, ['T-7', 'T-5', 'T-2', 'T-1']],
      ['a label, case-insensitively', { label: 'bug' }, ['T-7', 'T-5', 'T-1']],
      ['a priority', { priority: 'high' }, ['T-5', 'T-2']],
      ['several priorities', { priority: ['urgent', 'low'] }, ['T-4', 'T-1']],
      ['due on or before a day', { dueBefore: '2026-03-03' }, ['T-5', 'T-4', 'T-1']],
      ['due on or after a day', { dueAfter: '2026-03-03' }, ['T-6', 'T-5', 'T-2']],
      ['a due window', { dueAfter: '2026-03-01', dueBefore: '2026-03-05' }, ['T-5', 'T-2', 'T-1']],
      ['subtasks of a task', { parentId: 'T-1' }, ['T-7']],
      ['top-level tasks', { parentId: null }, ['T-6', 'T-5', 'T-4', 'T-3', 'T-2', 'T-1']],
      ['filters combined', { project: 'web', status: ['todo', 'blocked'], label: 'BUG', parentId: null }, ['T-5', 'T-1']],
      ['nothing matching', { project: 'web', assignee: 'dave' }, []],
    ])('filters by %s', async (_name, query, expected) => {
      await seedBacklog(f.store);
      const page = await f.store.listTasks(query as never);
      expect(page.items.map((t) => t.id)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    it.each([
      ['created', ['T-7', 'T-6', 'T-5', 'T-4', 'T-3', 'T-2', 'T-1']],
      ['priority', ['T-1', 'T-2', 'T-5', 'T-3', 'T-6', 'T-7', 'T-4']],
      ['due', ['T-4', 'T-1', 'T-5', 'T-2', 'T-6', 'T-3', 'T-7']],
    ])('sorts by %s', async (sort, expected) => {
      await seedBacklog(f.store);
      expect(await ids(f.store, { sort: sort as never })).toEqual(expected);
    });

    it('sees label changes made by an update', async () => {
      await seedBacklog(f.store);
      await f.store.updateTask('T-3', { labels: ['bug'] }, ACTOR);
      await f.store.updateTask('T-1', { labels: [] }, ACTOR);
      expect(await ids(f.store, { label: 'bug' })).toEqual(['T-3', 'T-7', 'T-5']);
      expect((await ids(f.store, { label: 'infra' })).length).toBe(0);
    });

    it.each([
      [{ status: 'nope' }, 'status'],
      [{ status: [] }, 'at least one value'],
      [{ dueBefore: '2026-13-01' }, 'dueBefore'],
      [{ limit: 101 }, 'limit must be at most 100'],
      [{ limit: 0 }, 'limit must be at least 1'],
      [{ limit: 2.5 }, 'whole number'],
      [{ sort: 'random' }, 'sort'],
      [{ parentId: 'T-?' }, 'parentId'],
      [{ owner: 'bob' }, 'unknown field(s) "owner"'],
    ])('rejects the query %j', async (query, fragment) => {
      await expectError(f.store.listTasks(query as never), 'invalid_input', fragment);
    });
  });

  describe('listTasks pagination', () => {
    const f = useStore(makeStore);

    it('pages 20 at a time by default, up to 100 when asked', async () => {
      await f.store.createTasks(
        Array.from({ length: 25 }, (_, i) => ({ title: `t${i}` })),
        ACTOR,
      );
      const first = await f.store.listTasks();
      expect(first.items).toHaveLength(20);
      expect(first.total).toBe(25);
      expect(first.nextCursor).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
      const second = await f.store.listTasks({ cursor: first.nextCursor! });
      expect(second.items).toHaveLength(5);
      expect(second.nextCursor).toBeNull();
      expect((await f.store.listTasks({ limit: 100 })).items).toHaveLength(25);
    });

    it.each(['updated', 'created', 'priority', 'due'] as const)(
      'walks every %s page exactly once, in the same order as one big page',
      async (sort) => {
        await seedBacklog(f.store);
        const whole = await ids(f.store, { sort, limit: 100 });
        const { seen, totals, pages } = await allPages(f.store, { sort, limit: 2 });
        expect(seen).toEqual(whole);
        expect(pages).toBe(4);
        expect(new Set(totals)).toEqual(new Set([7]));
      },
    );

    it.each(['updated', 'created', 'priority', 'due'] as const)(
      'keeps %s pages stable while tasks are created between them',
      async (sort) => {
        const original = (await seedBacklog(f.store)).map((t) => t.id);
        const { seen } = await allPages(f.store, { sort, limit: 2 }, async (page) => {
          // New tasks that sort before, between and after the pages already read (twice:
          // enough to cross pages, bounded so the walk still ends).
          if (page >= 2) return;
          await f.store.createTasks(
            [
              { title: `new urgent ${page}`, priority: 'urgent', dueDate: '2026-01-01' },
              { title: `new low ${page}`, priority: 'low', dueDate: '2026-12-31' },
              { title: `new undated ${page}` },
            ],
            ACTOR,
          );
        });
        const old = seen.filter((id) => original.includes(id));
        expect(old.sort()).toEqual([...original].sort());
        expect(new Set(seen).size).toBe(seen.length);
      },
    );

    it('continues after the last row of a page even if that row was deleted', async () => {
      await seedBacklog(f.store);
      const first = await f.store.listTasks({ sort: 'created', limit: 3 });
      expect(first.items.map((t) => t.id)).toEqual(['T-7', 'T-6', 'T-5']);
      await f.store.deleteTask('T-5', ACTOR);
      expect(await ids(f.store, { sort: 'created', limit: 3, cursor: first.nextCursor! })).toEqual(['T-4', 'T-3', 'T-2']);
    });

    it('refuses a cursor from another query', async () => {
      await seedBacklog(f.store);
      const { nextCursor } = await f.store.listTasks({ project: 'web', limit: 1 });
      await expectError(
        f.store.listTasks({ project: 'ops', limit: 1, cursor: nextCursor! }),
        'invalid_input',
        'different query',
        'Drop the cursor',
      );
      await expectError(f.store.listTasks({ project: 'web', sort: 'due', cursor: nextCursor! }), 'invalid_input');
      // The same filters spelled differently share cursors; only the page size may change.
      const next = await f.store.listTasks({ project: 'WEB', limit: 5, cursor: nextCursor! });
      expect(next.items.map((t) => t.id)).toEqual(['T-5', 'T-2', 'T-1']);
    });

    it.each([
      'not a cursor!',
      'AAAA',
      Buffer.from('{"v":1,"s":"updated","f":"x","k":1,"i":1}').toString('base64url'),
      Buffer.from('{"v":2}').toString('base64url'),
    ])('refuses the damaged cursor %s, saying to restart', async (cursor) => {
      await seedBacklog(f.store);
      await expectError(f.store.listTasks({ cursor }), 'invalid_input', 'Drop the cursor and list again');
    });
  });
}
