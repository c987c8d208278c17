import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';

export function describeCreateReadContract(makeStore: MakeStore): void {
  describe('createTask / getTask', () => {
    const f = useStore(makeStore);

    it('creates a task with documented defaults and reads it back', async () => {
      const task = await f.store.createTask({ title: '  Write the release notes  ' }, ACTOR);
      expect(task).toEqual({
        id: 'T-1',
        title: 'Write the release notes',
        description: '',
        status: 'todo',
        priority: 'medium',
        assignee: null,
        project: 'inbox',
        labels: [],
        dueDate: null,
        parentId: null,
        createdAt: expect.stringMatching(/^2026-03-02T09:\d\d:\d\d\.000Z$/),
        updatedAt: task.createdAt,
        completedAt: null,
        createdBy: 'alice',
        version: 1,
      });
      expect(await f.store.getTask('T-1')).toEqual(task);
    });

    it('keeps every given field, deduplicating labels case-insensitively', async () => {
      const task = await f.store.createTask(
        {
          title: 'Fix login',
          description: 'Users on Safari cannot log in.',
          status: 'in_progress',
          priority: 'urgent',
          assignee: 'bob',
          project: 'web',
          labels: ['bug', 'Bug', ' auth '],
          dueDate: '2026-03-10',
        },
        ACTOR,
      );
      expect(task).toMatchObject({
        status: 'in_progress',
        priority: 'urgent',
        assignee: 'bob',
        project: 'web',
        labels: ['bug', 'auth'],
        dueDate: '2026-03-10',
        completedAt: null,
      });
    });

    it('numbers tasks in sequence and never reuses a deleted id', async () => {
      const a = await f.store.createTask({ title: 'a' }, ACTOR);
      const b = await f.store.createTask({ title: 'b' }, ACTOR);
      await f.store.deleteTask(b.id, ACTOR);
      const c = await f.store.createTask({ title: 'c' }, ACTOR);
      expect([a.id, b.id, c.id]).toEqual(['T-1', 'T-2', 'T-3']);
    });

    it('accepts ids as T-1, t-1 or 1', async () => {
      const task = await f.store.createTask({ title: 'a' }, ACTOR);
      expect((await f.store.getTask('t-1')).id).toBe(task.id);
      expect((await f.store.getTask('1')).id).toBe(task.id);
    });

    it('sets completedAt for a task created as done', async () => {
      const task = await f.store.createTask({ title: 'already done', status: 'done' }, ACTOR);
      expect(task.completedAt).toBe(task.createdAt);
    });

    it('reports an unknown id as not_found with a next step', async () => {
      await expectError(f.store.getTask('T-42'), 'not_found', 'No task T-42', 'List or search tasks');
    });

    it('rejects a malformed id as invalid_input', async () => {
      await expectError(f.store.getTask('T-x'), 'invalid_input', '"T-x" is not a valid task id', 'T-42');
      await expectError(f.store.getTask('T-01'), 'invalid_input');
      await expectError(f.store.getTask(''), 'invalid_input');
    });

    it.each([
      [{ title: '   ' }, 'title: title must not be empty'],
      [{ title: 'x'.repeat(201) }, 'title must be at most 200'],
      [{ title: 'ok', description: 'x'.repeat(10_001) }, 'description must be at most 10000'],
      [{ title: 'ok', status: 'doing' }, 'status'],
      [{ title: 'ok', priority: 'p0' }, 'priority'],
      [{ title: 'ok', dueDate: '2026-02-30' }, 'dueDate must be a calendar date'],
      [{ title: 'ok', dueDate: '03/10/2026' }, 'YYYY-MM-DD'],
      [{ title: 'ok', assignee: 'Unassigned' }, 'reserved'],
      [{ title: 'ok', project: 'a/b' }, 'project must not contain "/"'],
      [{ title: 'ok', labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }, 'at most 20 labels'],
      [{ title: 'ok', colour: 'red' }, 'unknown field(s) "colour"'],
    ])('rejects invalid input %j', async (input, fragment) => {
      await expectError(f.store.createTask(input as never, ACTOR), 'invalid_input', fragment);
      expect((await f.store.listTasks()).total).toBe(0);
    });

    it('requires an actor', async () => {
      await expectError(f.store.createTask({ title: 'ok' }, { actor: ' ' }), 'invalid_input', 'actor');
    });
  });

  describe('createTasks / createSubtasks', () => {
    const f = useStore(makeStore);

    it('creates a batch in order', async () => {
      const tasks = await f.store.createTasks([{ title: 'one' }, { title: 'two', project: 'ops' }], ACTOR);
      expect(tasks.map((t) => [t.id, t.title, t.project])).toEqual([
        ['T-1', 'one', 'inbox'],
        ['T-2', 'two', 'ops'],
      ]);
    });

    it('creates nothing when any task of the batch is invalid', async () => {
      await expectError(f.store.createTasks([{ title: 'fine' }, { title: '' }], ACTOR), 'invalid_input', '1.title');
      await expectError(
        f.store.createTasks([{ title: 'fine' }, { title: 'orphan', parentId: 'T-99' }], ACTOR),
        'not_found',
        'No task T-99 to be the parent',
      );
      expect((await f.store.listTasks()).total).toBe(0);
      expect(await f.store.recentActivity()).toEqual([]);
      await expectError(f.store.createTasks([], ACTOR), 'invalid_input', 'at least one task');
    });

    it('creates subtasks that inherit the parent project unless given one', async () => {
      const parent = await f.store.createTask({ title: 'Launch', project: 'web' }, ACTOR);
      const subtasks = await f.store.createSubtasks(parent.id, [{ title: 'copy' }, { title: 'infra', project: 'ops' }], ACTOR);
      expect(subtasks.map((t) => [t.parentId, t.project])).toEqual([
        ['T-1', 'web'],
        ['T-1', 'ops'],
      ]);
      const single = await f.store.createTask({ title: 'qa', parentId: 't-1' }, ACTOR);
      expect(single).toMatchObject({ parentId: 'T-1', project: 'web' });
    });

    it('refuses subtasks of a missing parent', async () => {
      await expectError(f.store.createSubtasks('T-7', [{ title: 'x' }], ACTOR), 'not_found', 'T-7');
      await expectError(f.store.createSubtasks('seven', [{ title: 'x' }], ACTOR), 'invalid_input', 'parentId');
      expect((await f.store.listTasks()).total).toBe(0);
    });
  });
}
