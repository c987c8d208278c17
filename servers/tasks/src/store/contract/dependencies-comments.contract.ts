import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';

export function describeDependenciesCommentsContract(makeStore: MakeStore): void {
  describe('dependencies', () => {
    const f = useStore(makeStore);
    const seed = (n: number) =>
      f.store.createTasks(
        Array.from({ length: n }, (_, i) => ({ title: `task ${i + 1}` })),
        ACTOR,
      );

    it('adds, lists from both sides and removes a dependency', async () => {
      const [a, b] = await seed(2);
      const added = await f.store.addDependency(a!.id, b!.id, ACTOR);
      expect(added).toEqual({ blockedBy: [{ id: 'T-2', title: 'task 2', status: 'todo' }], blocks: [] });
      expect(await f.store.getDependencies(b!.id)).toEqual({
        blockedBy: [],
        blocks: [{ id: 'T-1', title: 'task 1', status: 'todo' }],
      });
      expect(await f.store.removeDependency(a!.id, b!.id, ACTOR)).toEqual({ blockedBy: [], blocks: [] });
      expect(await f.store.getDependencies(b!.id)).toEqual({ blockedBy: [], blocks: [] });
    });

    it('does not touch the version of either task', async () => {
      const [a, b] = await seed(2);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      expect((await f.store.getTask(a!.id)).version).toBe(1);
      expect((await f.store.getTask(b!.id)).version).toBe(1);
    });

    it('treats adding an existing dependency as a no-op', async () => {
      const [a, b] = await seed(2);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      const again = await f.store.addDependency(a!.id, b!.id, ACTOR);
      expect(again.blockedBy.map((t) => t.id)).toEqual(['T-2']);
      const actions = (await f.store.recentActivity({ taskId: a!.id })).map((e) => e.action);
      expect(actions).toEqual(['dependency_add', 'create']);
    });

    it('refuses a self-dependency', async () => {
      const [a] = await seed(1);
      await expectError(f.store.addDependency(a!.id, 't-1', ACTOR), 'invalid_input', 'T-1 cannot depend on itself');
    });

    it('refuses a direct cycle, naming the path', async () => {
      const [, , t3, , t5] = await seed(5);
      await f.store.addDependency(t5!.id, t3!.id, ACTOR);
      const error = await expectError(f.store.addDependency(t3!.id, t5!.id, ACTOR), 'conflict', 'T-3 → T-5 → T-3');
      expect(error.details).toEqual({ cycle: ['T-3', 'T-5', 'T-3'] });
      expect((await f.store.getDependencies(t3!.id)).blockedBy).toEqual([]);
    });

    it('refuses a transitive cycle, naming the shortest path', async () => {
      const [a, b, c, d] = await seed(4);
      // a → b → c → d, and a shortcut b → d
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await f.store.addDependency(b!.id, c!.id, ACTOR);
      await f.store.addDependency(c!.id, d!.id, ACTOR);
      await f.store.addDependency(b!.id, d!.id, ACTOR);
      await expectError(f.store.addDependency(d!.id, a!.id, ACTOR), 'conflict', 'T-4 → T-1 → T-2 → T-4');
      // a diamond is not a cycle
      await f.store.addDependency(a!.id, d!.id, ACTOR);
      expect((await f.store.getDependencies(d!.id)).blocks.map((t) => t.id)).toEqual(['T-1', 'T-2', 'T-3']);
      const failed = (await f.store.recentActivity({ taskId: d!.id })).map((e) => e.action);
      expect(failed).toEqual(['create']);
    });

    it('reports missing tasks and missing dependencies', async () => {
      const [a, b] = await seed(2);
      await expectError(f.store.addDependency(a!.id, 'T-9', ACTOR), 'not_found', 'No task T-9');
      await expectError(f.store.addDependency('T-9', a!.id, ACTOR), 'not_found', 'No task T-9');
      await expectError(f.store.addDependency(a!.id, 'nine', ACTOR), 'invalid_input', 'dependency id');
      await expectError(f.store.removeDependency(a!.id, b!.id, ACTOR), 'not_found', 'T-1 does not depend on T-2');
      await expectError(f.store.getDependencies('T-9'), 'not_found');
    });
  });

  describe('comments', () => {
    const f = useStore(makeStore);

    it('adds comments and lists the latest ones oldest first', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      const first = await f.store.addComment(task.id, '  first  ', { actor: 'bob' });
      expect(first).toEqual({ id: expect.any(Number), taskId: 'T-1', author: 'bob', body: 'first', createdAt: expect.any(String) });
      await f.store.addComment(task.id, 'second', ACTOR);
      await f.store.addComment(task.id, 'third', ACTOR);
      expect((await f.store.listComments(task.id)).map((c) => c.body)).toEqual(['first', 'second', 'third']);
      expect((await f.store.listComments(task.id, { limit: 2 })).map((c) => c.body)).toEqual(['second', 'third']);
      expect((await f.store.getTask(task.id)).version).toBe(1);
    });

    it('rejects empty or oversized comments, a missing task and a bad limit', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      await expectError(f.store.addComment(task.id, '   ', ACTOR), 'invalid_input', 'comment must not be empty');
      await expectError(f.store.addComment(task.id, 'x'.repeat(10_001), ACTOR), 'invalid_input', 'at most 10000');
      await expectError(f.store.addComment('T-8', 'hi', ACTOR), 'not_found', 'No task T-8');
      await expectError(f.store.listComments(task.id, { limit: 201 }), 'invalid_input', 'at most 200');
      expect(await f.store.listComments(task.id)).toEqual([]);
    });
  });
}
