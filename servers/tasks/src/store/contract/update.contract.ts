import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';

export function describeUpdateContract(makeStore: MakeStore): void {
  describe('updateTask', () => {
    const f = useStore(makeStore);

    it('changes the given fields, bumps version and updatedAt, keeps the rest', async () => {
      const task = await f.store.createTask({ title: 'draft', labels: ['a'], assignee: 'bob' }, ACTOR);
      const updated = await f.store.updateTask(
        task.id,
        { title: 'final', priority: 'high', labels: ['b', 'c'], dueDate: '2026-04-01', description: 'more' },
        ACTOR,
      );
      expect(updated).toMatchObject({
        title: 'final',
        priority: 'high',
        labels: ['b', 'c'],
        dueDate: '2026-04-01',
        description: 'more',
        assignee: 'bob',
        version: 2,
        createdAt: task.createdAt,
      });
      expect(updated.updatedAt > task.updatedAt).toBe(true);
      expect(await f.store.getTask(task.id)).toEqual(updated);
    });

    it('clears nullable fields with null', async () => {
      const task = await f.store.createTask({ title: 't', assignee: 'bob', dueDate: '2026-04-01' }, ACTOR);
      const updated = await f.store.updateTask(task.id, { assignee: null, dueDate: null }, ACTOR);
      expect(updated).toMatchObject({ assignee: null, dueDate: null, version: 2 });
    });

    it('treats a patch equal to the current values as a no-op', async () => {
      const task = await f.store.createTask({ title: 'same', labels: ['x'] }, ACTOR);
      const result = await f.store.updateTask(task.id, { title: 'same', labels: ['x'] }, ACTOR);
      expect(result).toEqual(task);
      expect((await f.store.recentActivity()).map((e) => e.action)).toEqual(['create']);
    });

    it('rejects an empty or invalid patch', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      await expectError(f.store.updateTask(task.id, {}, ACTOR), 'invalid_input', 'changes nothing');
      await expectError(f.store.updateTask(task.id, { title: '' }, ACTOR), 'invalid_input', 'title');
      await expectError(f.store.updateTask(task.id, { status: 'later' as never }, ACTOR), 'invalid_input', 'status');
      await expectError(f.store.updateTask(task.id, { id: 'T-9' } as never, ACTOR), 'invalid_input', '"id"');
      expect((await f.store.getTask(task.id)).version).toBe(1);
    });

    it('reports a missing task', async () => {
      await expectError(f.store.updateTask('T-5', { title: 'x' }, ACTOR), 'not_found', 'No task T-5');
    });

    it('writes only at the expected version', async () => {
      const task = await f.store.createTask({ title: 'v1' }, ACTOR);
      const v2 = await f.store.updateTask(task.id, { title: 'v2' }, { actor: 'bob', expectedVersion: 1 });
      expect(v2.version).toBe(2);
      const error = await expectError(
        f.store.updateTask(task.id, { title: 'v3' }, { actor: 'carol', expectedVersion: 1 }),
        'conflict',
        'T-1 changed since you read it',
        'version 2',
      );
      expect(error.details).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
      expect((await f.store.getTask(task.id)).title).toBe('v2');
      expect((await f.store.recentActivity({ taskId: task.id })).length).toBe(2);
    });

    it('sets completedAt when moved to done and clears it when reopened', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      const done = await f.store.updateTask(task.id, { status: 'done' }, ACTOR);
      expect(done.completedAt).toBe(done.updatedAt);
      const reopened = await f.store.updateTask(task.id, { status: 'in_progress' }, ACTOR);
      expect(reopened.completedAt).toBeNull();
      const cancelled = await f.store.updateTask(task.id, { status: 'cancelled' }, ACTOR);
      expect(cancelled.completedAt).toBeNull();
    });

    it('refuses status done through an update while dependencies or subtasks are open', async () => {
      const [a, b] = await f.store.createTasks([{ title: 'a' }, { title: 'b' }], ACTOR);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await expectError(f.store.updateTask(a!.id, { status: 'done' }, ACTOR), 'conflict', 'T-2 "b" (todo)');
      const [sub] = await f.store.createSubtasks(b!.id, [{ title: 'sub' }], ACTOR);
      await expectError(f.store.updateTask(b!.id, { status: 'done' }, ACTOR), 'conflict', `${sub!.id} "sub"`);
      expect((await f.store.getTask(a!.id)).status).toBe('todo');
    });

    it('moves a task under another parent and back to top level', async () => {
      const [a, b] = await f.store.createTasks([{ title: 'a' }, { title: 'b' }], ACTOR);
      expect((await f.store.updateTask(b!.id, { parentId: 't-1' }, ACTOR)).parentId).toBe(a!.id);
      expect((await f.store.updateTask(b!.id, { parentId: null }, ACTOR)).parentId).toBeNull();
    });

    it('refuses a parent that is missing, itself or one of its descendants', async () => {
      const root = await f.store.createTask({ title: 'root' }, ACTOR);
      const [child] = await f.store.createSubtasks(root.id, [{ title: 'child' }], ACTOR);
      const [grandchild] = await f.store.createSubtasks(child!.id, [{ title: 'grandchild' }], ACTOR);
      await expectError(f.store.updateTask(root.id, { parentId: 'T-99' }, ACTOR), 'not_found', 'T-99');
      await expectError(f.store.updateTask(root.id, { parentId: root.id }, ACTOR), 'invalid_input', 'its own parent');
      await expectError(
        f.store.updateTask(root.id, { parentId: grandchild!.id }, ACTOR),
        'conflict',
        'T-1 cannot move under T-3',
        'T-3 → T-2 → T-1',
      );
      expect((await f.store.getTask(root.id)).parentId).toBeNull();
    });
  });

  describe('assignTask', () => {
    const f = useStore(makeStore);

    it('assigns, reassigns and unassigns, bumping the version each time', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      expect(await f.store.assignTask(task.id, 'bob', ACTOR)).toMatchObject({ assignee: 'bob', version: 2 });
      expect(await f.store.assignTask(task.id, 'carol', ACTOR)).toMatchObject({ assignee: 'carol', version: 3 });
      expect(await f.store.assignTask(task.id, null, ACTOR)).toMatchObject({ assignee: null, version: 4 });
    });

    it('changes nothing when the assignee is already set', async () => {
      const task = await f.store.createTask({ title: 't', assignee: 'bob' }, ACTOR);
      expect(await f.store.assignTask(task.id, 'bob', ACTOR)).toEqual(task);
    });

    it('rejects the reserved name, a missing task and a stale version', async () => {
      const task = await f.store.createTask({ title: 't' }, ACTOR);
      await expectError(f.store.assignTask(task.id, 'unassigned', ACTOR), 'invalid_input', 'pass null');
      await expectError(f.store.assignTask(task.id, '', ACTOR), 'invalid_input', 'assignee must not be empty');
      await expectError(f.store.assignTask('T-9', 'bob', ACTOR), 'not_found', 'No task T-9');
      await expectError(f.store.assignTask(task.id, 'bob', { actor: 'x', expectedVersion: 7 }), 'conflict', 'version 1');
      expect((await f.store.getTask(task.id)).assignee).toBeNull();
    });
  });
}
