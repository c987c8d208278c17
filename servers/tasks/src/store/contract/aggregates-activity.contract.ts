import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';
import { seedBacklog } from './list-fixture.contract.js';

export function describeAggregatesActivityContract(makeStore: MakeStore): void {
  describe('projectStatus / listProjects / teamWorkload', () => {
    const f = useStore(makeStore);

    it('counts all projects together (today is 2026-03-02 on the test clock)', async () => {
      expect(await f.store.projectStatus()).toMatchObject({ project: null, total: 0, completionPercent: 0 });
      await seedBacklog(f.store);
      expect(await f.store.projectStatus()).toEqual({
        project: null,
        total: 7,
        byStatus: { todo: 3, in_progress: 1, blocked: 1, in_review: 0, done: 1, cancelled: 1 },
        completionPercent: 16.7,
        overdue: 1,
        blocked: 1,
      });
    });

    it('counts one project, case-insensitively, including tasks waiting on open dependencies', async () => {
      await seedBacklog(f.store);
      await f.store.addDependency('T-2', 'T-3', ACTOR);
      const status = await f.store.projectStatus('WEB');
      expect(status.project?.toLowerCase()).toBe('web');
      expect(status).toMatchObject({
        total: 4,
        byStatus: { todo: 2, in_progress: 1, blocked: 1, in_review: 0, done: 0, cancelled: 0 },
        completionPercent: 0,
        overdue: 1,
        blocked: 2,
      });
      await f.store.completeTask('T-3', ACTOR);
      expect((await f.store.projectStatus('web')).blocked).toBe(1);
      expect(await f.store.projectStatus('docs')).toMatchObject({ total: 1, completionPercent: 100, overdue: 0 });
    });

    it('reports an unknown project with a next step', async () => {
      await seedBacklog(f.store);
      await expectError(f.store.projectStatus('mobile'), 'not_found', 'No project "mobile"', 'List projects');
      await expectError(f.store.projectStatus(''), 'invalid_input', 'project');
    });

    it('lists project names alphabetically, by case-insensitive prefix, with LIKE wildcards taken literally', async () => {
      await seedBacklog(f.store);
      await f.store.createTasks(
        [
          { title: 'x', project: 'a_b' },
          { title: 'y', project: 'axb' },
          { title: 'z', project: '100%' },
        ],
        ACTOR,
      );
      const all = await f.store.listProjects();
      expect(all.map((p) => p.toLowerCase())).toEqual(['100%', 'a_b', 'axb', 'docs', 'ops', 'web']);
      expect(await f.store.listProjects({ prefix: 'O' })).toEqual(['ops']);
      expect(await f.store.listProjects({ prefix: 'a_' })).toEqual(['a_b']);
      expect(await f.store.listProjects({ prefix: '%' })).toEqual([]);
      expect(await f.store.listProjects({ prefix: '100%' })).toEqual(['100%']);
      expect(await f.store.listProjects({ limit: 2 })).toEqual(['100%', 'a_b']);
      await expectError(f.store.listProjects({ limit: 0 }), 'invalid_input', 'limit');
    });

    it('sums open work per assignee, busiest first, unassigned as null', async () => {
      await seedBacklog(f.store);
      const workload = await f.store.teamWorkload();
      const none = { low: 0, medium: 0, high: 0, urgent: 0 };
      expect(workload).toEqual([
        { assignee: null, open: 2, byPriority: { ...none, medium: 2 }, overdue: 0 },
        { assignee: 'alice', open: 1, byPriority: { ...none, urgent: 1 }, overdue: 1 },
        { assignee: 'bob', open: 1, byPriority: { ...none, high: 1 }, overdue: 0 },
        { assignee: 'carol', open: 1, byPriority: { ...none, high: 1 }, overdue: 0 },
      ]);
    });
  });

  describe('activity log', () => {
    const f = useStore(makeStore);

    it('records every kind of change with its details, newest first', async () => {
      const [a, b] = await f.store.createTasks([{ title: 'a' }, { title: 'b' }], ACTOR);
      await f.store.updateTask(a!.id, { title: 'A', priority: 'high' }, { actor: 'bob' });
      await f.store.assignTask(a!.id, 'carol', ACTOR);
      const comment = await f.store.addComment(a!.id, 'looks good', ACTOR);
      await f.store.addDependency(a!.id, b!.id, ACTOR);
      await f.store.removeDependency(a!.id, b!.id, ACTOR);
      await f.store.completeTask(a!.id, ACTOR);
      await f.store.deleteTask(a!.id, ACTOR);

      const log = await f.store.recentActivity({ taskId: a!.id });
      expect(log.map((e) => [e.action, e.actor])).toEqual([
        ['delete', 'alice'],
        ['complete', 'alice'],
        ['dependency_remove', 'alice'],
        ['dependency_add', 'alice'],
        ['comment', 'alice'],
        ['assign', 'alice'],
        ['update', 'bob'],
        ['create', 'alice'],
      ]);
      const changes = log.map((e) => e.changes);
      expect(changes[7]).toMatchObject({ title: 'a', status: 'todo', priority: 'medium', project: 'inbox' });
      expect(changes[6]).toEqual({ title: { from: 'a', to: 'A' }, priority: { from: 'medium', to: 'high' } });
      expect(changes[5]).toEqual({ assignee: { from: null, to: 'carol' } });
      expect(changes[4]).toMatchObject({ commentId: comment.id, excerpt: 'looks good' });
      expect(changes[3]).toEqual({ dependsOn: 'T-2' });
      expect(changes[2]).toEqual({ dependsOn: 'T-2' });
      expect(changes[1]).toMatchObject({ status: { from: 'todo', to: 'done' } });
      expect(changes[0]).toMatchObject({ title: 'A', status: 'done' });
      for (const entry of log) {
        expect(entry).toMatchObject({ taskId: 'T-1', id: expect.any(Number), at: expect.any(String) });
      }
      expect(log.map((e) => e.id)).toEqual([...log.map((e) => e.id)].sort((x, y) => y - x));
    });

    it('records a reopen with completedAt cleared', async () => {
      const task = await f.store.createTask({ title: 't', status: 'done' }, ACTOR);
      await f.store.updateTask(task.id, { status: 'todo' }, ACTOR);
      const [entry] = await f.store.recentActivity({ limit: 1 });
      expect(entry?.changes).toEqual({
        status: { from: 'done', to: 'todo' },
        completedAt: { from: task.completedAt, to: null },
      });
    });

    it('writes nothing for refused changes', async () => {
      await seedBacklog(f.store);
      const before = await f.store.recentActivity({ limit: 100 });
      await f.store.addDependency('T-2', 'T-3', ACTOR);
      const after = await f.store.recentActivity({ limit: 100 });
      const refused = [
        () => f.store.addDependency('T-3', 'T-2', ACTOR),
        () => f.store.updateTask('T-1', { title: 'x' }, { actor: 'a', expectedVersion: 9 }),
        () => f.store.completeTask('T-1', ACTOR),
        () => f.store.completeTask('T-2', ACTOR),
        () => f.store.deleteTask('T-1', ACTOR),
        () => f.store.updateTask('T-1', { parentId: 'T-7' }, ACTOR),
        () => f.store.removeDependency('T-1', 'T-2', ACTOR),
      ];
      for (const call of refused) await expect(call()).rejects.toMatchObject({ name: 'McpKitError' });
      expect(await f.store.recentActivity({ limit: 100 })).toEqual(after);
      expect(after.length).toBe(before.length + 1);
    });

    it('returns the latest entries across tasks, 20 by default, at most 100', async () => {
      await f.store.createTasks(
        Array.from({ length: 25 }, (_, i) => ({ title: `t${i}` })),
        ACTOR,
      );
      const latest = await f.store.recentActivity();
      expect(latest).toHaveLength(20);
      expect(latest[0]?.taskId).toBe('T-25');
      expect(await f.store.recentActivity({ limit: 3 })).toEqual(latest.slice(0, 3));
      await expectError(f.store.recentActivity({ limit: 101 }), 'invalid_input', 'at most 100');
      await expectError(f.store.recentActivity({ taskId: 'x' }), 'invalid_input', 'T-42');
      expect(await f.store.recentActivity({ taskId: 'T-99' })).toEqual([]);
    });
  });

  describe('close', () => {
    const f = useStore(makeStore);

    it('refuses calls after close, and closing twice is fine', async () => {
      await f.store.createTask({ title: 't' }, ACTOR);
      await f.store.close();
      await f.store.close();
      await expectError(f.store.getTask('T-1'), 'unavailable', 'closed');
      await expectError(f.store.createTask({ title: 'late' }, ACTOR), 'unavailable', 'closed');
    });
  });
}
