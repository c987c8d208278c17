import { ERROR_META_KEY } from '@mcpkit/core';
import { CLIENT_KINDS } from '@mcpkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTasks, type TasksHarness } from './tasks-server.fixture.js';

const codeOf = (result: { meta?: Record<string, unknown> | undefined }) =>
  (result.meta?.[ERROR_META_KEY] as { code?: string } | undefined)?.code;

const CLIENTS_AND_TRANSPORTS = CLIENT_KINDS.flatMap((kind) => (['memory', 'http'] as const).map((via) => [kind, via] as const));

describe.each(CLIENTS_AND_TRANSPORTS)('tasks tools through the %s client over %s', (kind, via) => {
  let h: TasksHarness;
  // Over stdio the activity log names the local user (--actor); over HTTP, the API key.
  const actor = via === 'http' ? 'local-key' : 'ada';
  beforeEach(async () => {
    h = await startTasks(kind, [], {}, via);
  });
  afterEach(() => h.close());

  const create = async (args: Record<string, unknown>) => {
    const result = await h.client.callTool('create_task', args);
    expect(result.isError, result.text).toBe(false);
    return result.structured as { id: string; version: number; project: string };
  };

  it('lists every tool with annotations and an output schema', async () => {
    const tools = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'add_comment',
      'assign_task',
      'complete_task',
      'create_subtasks',
      'create_task',
      'delete_task',
      'get_task',
      'list_tasks',
      'search_tasks',
      'set_dependency',
      'update_task',
    ]);
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toMatchObject({ type: 'object' });
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
    }
    expect(tools.find((t) => t.name === 'delete_task')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    expect(tools.find((t) => t.name === 'list_tasks')?.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('creates, reads, updates, assigns, comments and completes a task', async () => {
    const created = await h.client.callTool('create_task', {
      title: 'Write the launch post',
      priority: 'high',
      labels: ['docs', 'Docs', 'launch'],
      dueDate: '2030-01-15',
      project: 'launch',
    });
    expect(created.isError).toBe(false);
    expect(created.text).toMatch(/^Created T-1 \[todo, high\] Write the launch post/);
    expect(created.structured).toMatchObject({ id: 'T-1', status: 'todo', labels: ['docs', 'launch'], createdBy: actor, version: 1 });

    const updated = await h.client.callTool('update_task', { id: 'T-1', status: 'in_progress', expectedVersion: 1 });
    expect(updated.structured).toMatchObject({ status: 'in_progress', version: 2 });

    const stale = await h.client.callTool('update_task', { id: 'T-1', title: 'Other', expectedVersion: 1 });
    expect(stale.isError).toBe(true);
    expect(codeOf(stale)).toBe('conflict');

    const assigned = await h.client.callTool('assign_task', { id: 't-1', assignee: 'grace' });
    expect(assigned.structured).toMatchObject({ assignee: 'grace' });
    const comment = await h.client.callTool('add_comment', { id: 'T-1', body: 'Draft is in the doc.' });
    expect(comment.structured).toMatchObject({ taskId: 'T-1', author: actor, body: 'Draft is in the doc.' });

    const full = await h.client.callTool('get_task', { id: 'T-1' });
    expect(full.text).toContain('Draft is in the doc.');
    const data = full.structured as { task: { assignee: string }; comments: unknown[]; activity: Array<{ action: string }> };
    expect(data.task.assignee).toBe('grace');
    expect(data.comments).toHaveLength(1);
    expect(data.activity.map((a) => a.action)).toEqual(['comment', 'assign', 'update', 'create']);

    const done = await h.client.callTool('complete_task', { id: 'T-1' });
    expect(done.structured).toMatchObject({ status: 'done', completedAt: expect.any(String) });
  });

  it('filters, sorts and pages through list_tasks, and searches words', async () => {
    for (let i = 1; i <= 25; i++) {
      await create({
        title: `Task number ${i}${i % 5 === 0 ? ' about invoices' : ''}`,
        priority: i % 2 === 0 ? 'high' : 'low',
        assignee: i % 3 === 0 ? 'grace' : null,
        project: i <= 10 ? 'alpha' : 'beta',
      });
    }
    const first = await h.client.callTool('list_tasks', { project: 'alpha', limit: 4, sort: 'created' });
    const page1 = first.structured as { items: Array<{ id: string }>; total: number; nextCursor: string };
    expect(page1.total).toBe(10);
    expect(page1.items).toHaveLength(4);
    const seen = new Set(page1.items.map((t) => t.id));
    let cursor: string | null = page1.nextCursor;
    while (cursor) {
      const next = await h.client.callTool('list_tasks', { project: 'alpha', limit: 4, sort: 'created', cursor });
      const page = next.structured as { items: Array<{ id: string }>; nextCursor: string | null };
      for (const task of page.items) {
        expect(seen.has(task.id)).toBe(false);
        seen.add(task.id);
      }
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(10);

    const filtered = await h.client.callTool('list_tasks', { assignee: 'grace', priority: ['high'] });
    expect((filtered.structured as { total: number }).total).toBe(4);
    const unassigned = await h.client.callTool('list_tasks', { assignee: 'unassigned', limit: 100 });
    expect((unassigned.structured as { total: number }).total).toBe(17);

    const search = await h.client.callTool('search_tasks', { query: 'invoices' });
    expect((search.structured as { total: number }).total).toBe(5);
    const hostile = await h.client.callTool('search_tasks', { query: '"unbalanced AND (NOT -*' });
    expect(hostile.isError).toBe(false);
    expect((hostile.structured as { total: number }).total).toBe(0);

    const badCursor = await h.client.callTool('list_tasks', { cursor: 'not-a-cursor' });
    expect(badCursor.isError).toBe(true);
    expect(codeOf(badCursor)).toBe('invalid_input');
    const tooMany = await h.client.callTool('list_tasks', { limit: 101 });
    expect(tooMany.isError).toBe(true);
    expect(tooMany.text).toContain('limit');
  });

  it('breaks a task into subtasks and refuses dependency cycles', async () => {
    await create({ title: 'Ship v1', project: 'launch' });
    const subs = await h.client.callTool('create_subtasks', {
      parentId: 'T-1',
      subtasks: [{ title: 'Freeze scope' }, { title: 'Test' }, { title: 'Release', priority: 'urgent' }],
    });
    expect(subs.isError, subs.text).toBe(false);
    const created = (subs.structured as { created: Array<{ id: string; project: string; parentId: string }> }).created;
    expect(created.map((t) => t.id)).toEqual(['T-2', 'T-3', 'T-4']);
    expect(created.every((t) => t.project === 'launch' && t.parentId === 'T-1')).toBe(true);

    expect((await h.client.callTool('set_dependency', { taskId: 'T-3', dependsOn: 'T-2' })).isError).toBe(false);
    expect((await h.client.callTool('set_dependency', { taskId: 'T-4', dependsOn: 'T-3' })).isError).toBe(false);
    const cycle = await h.client.callTool('set_dependency', { taskId: 'T-2', dependsOn: 'T-4' });
    expect(cycle.isError).toBe(true);
    expect(codeOf(cycle)).toBe('conflict');
    expect(cycle.text).toMatch(/T-2.*T-4.*T-3.*T-2|cycle/);
    const self = await h.client.callTool('set_dependency', { taskId: 'T-2', dependsOn: 'T-2' });
    expect(self.isError).toBe(true);

    const blocked = await h.client.callTool('complete_task', { id: 'T-3' });
    expect(blocked.isError).toBe(true);
    expect(blocked.text).toContain('T-2');
    const parentOpen = await h.client.callTool('complete_task', { id: 'T-1' });
    expect(parentOpen.isError).toBe(true);
    expect((await h.client.callTool('complete_task', { id: 'T-1', force: true })).isError).toBe(false);

    const removed = await h.client.callTool('set_dependency', { taskId: 'T-3', dependsOn: 'T-2', action: 'remove' });
    expect((removed.structured as { dependencies: { blockedBy: unknown[] } }).dependencies.blockedBy).toEqual([]);
  });

  it('deletes with a two-step confirmation token when the client cannot elicit', async () => {
    await create({ title: 'Obsolete' });
    await create({ title: 'Child', parentId: 'T-1' });
    const first = await h.client.callTool('delete_task', { id: 'T-1', cascade: true });
    expect(first.isError).toBe(false);
    const pending = first.structured as { status: string; confirmToken: string };
    expect(pending.status).toBe('confirmation_required');
    expect((await h.client.callTool('get_task', { id: 'T-1' })).isError).toBe(false);

    const wrongVariant = await h.client.callTool('delete_task', { id: 'T-1', cascade: false, confirmToken: pending.confirmToken });
    expect(wrongVariant.isError).toBe(true);
    expect(codeOf(wrongVariant)).toBe('conflict');
    const forged = await h.client.callTool('delete_task', { id: 'T-1', cascade: true, confirmToken: `${pending.confirmToken}x` });
    expect(forged.isError).toBe(true);

    const confirmed = await h.client.callTool('delete_task', { id: 'T-1', cascade: true, confirmToken: pending.confirmToken });
    expect(confirmed.structured).toMatchObject({ status: 'deleted', deletedIds: ['T-1', 'T-2'] });
    const gone = await h.client.callTool('get_task', { id: 'T-1' });
    expect(gone).toMatchObject({ isError: true, text: 'No task T-1. List or search tasks to find the right id.' });
  });

  it('voids a confirmation token when the task changes in between', async () => {
    await create({ title: 'Will change' });
    const first = await h.client.callTool('delete_task', { id: 'T-1' });
    const token = (first.structured as { confirmToken: string }).confirmToken;
    await h.client.callTool('update_task', { id: 'T-1', title: 'Changed' });
    const late = await h.client.callTool('delete_task', { id: 'T-1', confirmToken: token });
    expect(late.isError).toBe(true);
    expect(late.text).toContain('fresh one');
    expect((await h.client.callTool('get_task', { id: 'T-1' })).isError).toBe(false);
  });

  it('answers bad input with clear errors and changes nothing', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['create_task', {}, /title: required/],
      ['create_task', { title: 42 }, /title: expected string/],
      ['create_task', { title: 'x'.repeat(201) }, /title/],
      ['create_task', { title: 'ok', priority: 'critical' }, /priority: must be one of "low", "medium", "high", "urgent"/],
      ['create_task', { title: 'ok', dueDate: '15/01/2030' }, /dueDate/],
      ['create_task', { title: 'ok', bogus: 1 }, /unknown field "bogus"/],
      ['create_task', { title: 'ok', description: 'd'.repeat(10_001) }, /description/],
      ['update_task', { id: 'T-1' }, /at least one field/],
      ['get_task', { id: 'T-999' }, /No task T-999\. List or search tasks to find the right id\./],
      ['get_task', { id: 'banana' }, /not a valid task id/],
      ['add_comment', { id: 'T-1', body: '' }, /comment|body/],
      ['assign_task', { id: 'T-1', assignee: 'unassigned' }, /reserved/],
    ];
    await create({ title: 'Existing' });
    for (const [tool, args, pattern] of cases) {
      const result = await h.client.callTool(tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(result.text, `${tool} ${JSON.stringify(args)}`).toMatch(pattern);
      expect(result.text).not.toMatch(/at .*\.ts:\d+|SqliteError|SQLITE_/);
    }
    const list = await h.client.callTool('list_tasks', {});
    expect((list.structured as { total: number }).total).toBe(1);
    const activity = (await h.client.readResource('project://recent-activity')).json() as { activity: unknown[] };
    expect(activity.activity).toHaveLength(1);
  });

  it('serves project resources with completion and change notifications', async () => {
    await create({ title: 'A', project: 'alpha', assignee: 'grace' });
    await create({ title: 'B', project: 'alpha' });
    await create({ title: 'C', project: 'beta' });
    await h.client.callTool('complete_task', { id: 'T-1' });

    const status = (await h.client.readResource('project://status')).json() as { total: number; projects: string[] };
    expect(status).toMatchObject({ total: 3, projects: ['alpha', 'beta'] });
    const alpha = (await h.client.readResource('project://alpha/status')).json();
    expect(alpha).toMatchObject({ project: 'alpha', total: 2, completionPercent: 50 });
    await expect(h.client.readResource('project://nope/status')).rejects.toThrow(/No project "nope"/);
    const workload = (await h.client.readResource('project://team-workload')).json() as { assignees: Array<{ assignee: string | null }> };
    expect(workload.assignees.map((w) => w.assignee)).toEqual([null]);
    const templates = await h.client.listResourceTemplates();
    expect(templates.map((t) => t.uriTemplate)).toContain('project://{project}/status');
    expect(await h.client.complete({ type: 'ref/resource', uri: 'project://{project}/status' }, { name: 'project', value: 'al' })).toEqual([
      'alpha',
    ]);
  });

  it('renders the planning prompts from live data', async () => {
    await create({ title: 'Plan me', project: 'alpha', priority: 'urgent' });
    const prompts = await h.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['sprint-planning', 'status-report', 'task-breakdown']);
    expect(await h.client.getPrompt('sprint-planning', { project: 'alpha' })).toContain('T-1 [todo, urgent] Plan me');
    expect(await h.client.getPrompt('status-report', {})).toContain('Counts:');
    expect(await h.client.getPrompt('task-breakdown', { taskId: 'T-1' })).toContain('create_subtasks (parentId T-1)');
    await expect(h.client.getPrompt('task-breakdown', { taskId: 'T-77' })).rejects.toThrow(/No task T-77/);
    expect(await h.client.complete({ type: 'ref/prompt', name: 'status-report' }, { name: 'project', value: 'a' })).toEqual(['alpha']);
  });
});

describe('change notifications', () => {
  it.each(CLIENT_KINDS)('notifies a %s subscriber when tasks change', async (kind) => {
    const updates: string[] = [];
    const h = await startTasks(kind, [], { onResourceUpdated: (uri) => updates.push(uri) });
    try {
      const unsubscribe = await h.client.subscribe('project://status');
      await h.client.callTool('create_task', { title: 'Noticed', project: 'alpha' });
      await expect.poll(() => updates).toContain('project://status');
      await unsubscribe();
    } finally {
      await h.close();
    }
  });
});

describe('delete with elicitation', () => {
  it.each(CLIENT_KINDS)('asks a %s client that can elicit, and deletes on accept', async (kind) => {
    const asked: string[] = [];
    const h = await startTasks(kind, [], {
      onElicit: async ({ message }) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    try {
      await h.client.callTool('create_task', { title: 'Doomed' });
      const result = await h.client.callTool('delete_task', { id: 'T-1' });
      expect(result.isError, result.text).toBe(false);
      expect(result.structured).toMatchObject({ status: 'deleted', deletedIds: ['T-1'] });
      expect(asked).toEqual(['Delete T-1 "Doomed"? This cannot be undone.']);
    } finally {
      await h.close();
    }
  });

  it.each(CLIENT_KINDS)('keeps the task when a %s user declines', async (kind) => {
    const h = await startTasks(kind, [], { onElicit: async () => ({ action: 'decline' }) });
    try {
      await h.client.callTool('create_task', { title: 'Saved' });
      const result = await h.client.callTool('delete_task', { id: 'T-1' });
      expect(result.structured).toMatchObject({ status: 'cancelled', deletedIds: [] });
      expect((await h.client.callTool('get_task', { id: 'T-1' })).isError).toBe(false);
    } finally {
      await h.close();
    }
  });
});

describe('read-only mode', () => {
  it('lists and allows only read tools', async () => {
    const h = await startTasks('v2-modern', ['--read-only']);
    try {
      const names = (await h.client.listTools()).map((t) => t.name).sort();
      expect(names).toEqual(['get_task', 'list_tasks', 'search_tasks']);
      const refused = await h.client.raw
        .callTool({ name: 'create_task', arguments: { title: 'nope' } } as never)
        .catch((error: Error) => error);
      expect(String(refused instanceof Error ? refused.message : JSON.stringify(refused))).toMatch(/create_task/);
    } finally {
      await h.close();
    }
  });
});

describe('log notifications', () => {
  it.each(['v2-legacy', 'v1'] as const)('sends a 2025-era %s client a notice when tasks are deleted', async (kind) => {
    const logs: Array<{ level: string; data: unknown }> = [];
    const h = await startTasks(kind, [], { onLog: (entry) => logs.push(entry) });
    try {
      await h.client.callTool('create_task', { title: 'Short-lived' });
      const first = await h.client.callTool('delete_task', { id: 'T-1' });
      await h.client.callTool('delete_task', { id: 'T-1', confirmToken: (first.structured as { confirmToken: string }).confirmToken });
      await expect.poll(() => logs).toContainEqual({ level: 'notice', data: 'ada deleted T-1' });
    } finally {
      await h.close();
    }
  });
});
