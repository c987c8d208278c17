import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';

export function describeCompleteDeleteContract(makeStore: MakeStore): void {
  describe('completeTask', () => {
    const f = useStore(makeStore);

    it('marks the task done with completedAt and a new version', async () => {
      const task = await f.store.createTask({ title: 't', status: 'in_review' }, ACTOR);
      const done = await f.store.completeTask(task.id, ACTOR);
      expect(done).toMatchObject({ status: 'done', version: 2 });
      expect(done.completedAt).toBe(done.updatedAt);
    });

    it('is a no-op on a task that is already done', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      const done = await f.store.completeTask(task.id, ACTOR);
      expect(await f.store.completeTask(task.id, ACTOR)).toEqual(done);
      expect((await f.store.recentActivity({ taskId: task.id })).map((e) => e.action)).toEqual(['complete', 'create']);
    });

    it('refuses while a dependency is open, naming it, even with force', async () => {
      const [a, b, c] = await f.store.createTasks([{ title: 'ship' }, { title: 'review' }, { title: 'test' }], ACTOR);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await f.store.addDependency(a!.id, c!.id, ACTOR);
      await f.store.completeTask(c!.id, ACTOR);
      const error = await expectError(
        f.store.completeTask(a!.id, { ...ACTOR, force: true }),
        'conflict',
        'T-1 cannot be completed',
        'T-2 "review" (todo)',
      );
      expect(error.message).not.toContain('T-3');
      expect(error.details).toMatchObject({ openBlockers: ['T-2'] });
      expect((await f.store.getTask(a!.id)).status).toBe('todo');
    });

    it('does not count cancelled dependencies as open', async () => {
      const [a, b] = await f.store.createTasks([{ title: 'a' }, { title: 'b' }], ACTOR);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await f.store.updateTask(b!.id, { status: 'cancelled' }, ACTOR);
      expect((await f.store.completeTask(a!.id, ACTOR)).status).toBe('done');
    });

    it('refuses while subtasks are open unless forced, and leaves them open when forced', async () => {
      const parent = await f.store.createTask({ title: 'epic' }, ACTOR);
      const [s1, s2] = await f.store.createSubtasks(parent.id, [{ title: 's1' }, { title: 's2' }], ACTOR);
      await f.store.completeTask(s1!.id, ACTOR);
      await expectError(f.store.completeTask(parent.id, ACTOR), 'conflict', 'open subtasks T-3 "s2"', 'force: true');
      const done = await f.store.completeTask(parent.id, { ...ACTOR, force: true });
      expect(done.status).toBe('done');
      expect((await f.store.getTask(s2!.id)).status).toBe('todo');
      const [entry] = await f.store.recentActivity({ taskId: parent.id, limit: 1 });
      expect(entry?.changes).toMatchObject({ forced: true, openSubtasks: ['T-3'] });
    });

    it('checks the expected version and the id', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      await expectError(f.store.completeTask(task.id, { actor: 'a', expectedVersion: 3 }), 'conflict', 'version 1');
      await expectError(f.store.completeTask('T-77', ACTOR), 'not_found', 'No task T-77');
      expect((await f.store.getTask(task.id)).status).toBe('todo');
    });
  });

  describe('deleteTask', () => {
    const f = useStore(makeStore);

    it('removes the task with its comments and dependency edges, keeping its activity', async () => {
      const [a, b, c] = await f.store.createTasks([{ title: 'a' }, { title: 'b' }, { title: 'c' }], ACTOR);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await f.store.addDependency(b!.id, c!.id, ACTOR);
      await f.store.addComment(b!.id, 'note', ACTOR);
      expect(await f.store.deleteTask(b!.id, ACTOR)).toEqual({ deletedIds: ['T-2'] });

      await expectError(f.store.getTask(b!.id), 'not_found');
      await expectError(f.store.listComments(b!.id), 'not_found');
      expect(await f.store.getDependencies(a!.id)).toEqual({ blockedBy: [], blocks: [] });
      expect(await f.store.getDependencies(c!.id)).toEqual({ blockedBy: [], blocks: [] });
      // a is no longer blocked by the deleted task
      expect((await f.store.completeTask(a!.id, ACTOR)).status).toBe('done');

      const history = await f.store.recentActivity({ taskId: b!.id });
      expect(history.map((e) => e.action)).toEqual(['delete', 'comment', 'dependency_add', 'create']);
      expect(history[0]?.changes).toMatchObject({ title: 'b', unblocked: ['T-1'] });
    });

    it('refuses a task with subtasks unless cascade, naming them', async () => {
      const root = await f.store.createTask({ title: 'root' }, ACTOR);
      await f.store.createSubtasks(root.id, [{ title: 'child' }], ACTOR);
      await expectError(f.store.deleteTask(root.id, ACTOR), 'conflict', 'T-1 has subtasks T-2 "child"', 'cascade: true');
      expect((await f.store.listTasks()).total).toBe(2);
    });

    it('with cascade deletes the whole subtree and nothing else', async () => {
      const [root, other] = await f.store.createTasks([{ title: 'root' }, { title: 'other' }], ACTOR);
      const [c1, c2] = await f.store.createSubtasks(root!.id, [{ title: 'c1' }, { title: 'c2' }], ACTOR);
      const [g1] = await f.store.createSubtasks(c1!.id, [{ title: 'g1' }], ACTOR);
      await f.store.addDependency(other!.id, g1!.id, ACTOR);
      await f.store.addComment(g1!.id, 'deep', ACTOR);

      const result = await f.store.deleteTask(root!.id, { ...ACTOR, cascade: true });
      expect(result.deletedIds).toEqual([root!.id, c1!.id, c2!.id, g1!.id]);
      const remaining = await f.store.listTasks();
      expect(remaining.items.map((t) => t.id)).toEqual([other!.id]);
      expect(await f.store.getDependencies(other!.id)).toEqual({ blockedBy: [], blocks: [] });

      const [g1Delete] = await f.store.recentActivity({ taskId: g1!.id, limit: 1 });
      expect(g1Delete).toMatchObject({ action: 'delete', changes: { deletedWith: root!.id, unblocked: [other!.id] } });
    });

    it('checks the expected version and the id', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      await expectError(f.store.deleteTask(task.id, { actor: 'a', expectedVersion: 2 }), 'conflict', 'version 1');
      await expectError(f.store.deleteTask('T-404', ACTOR), 'not_found', 'No task T-404');
      expect(await f.store.deleteTask(task.id, { actor: 'a', expectedVersion: 1 })).toEqual({ deletedIds: ['T-1'] });
    });
  });
}
