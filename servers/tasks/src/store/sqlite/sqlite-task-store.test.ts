import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTaskStoreContract } from '../task-store.contract.js';
import type { TaskStore } from '../task-store.js';
import { openSqliteTaskStore } from './sqlite-task-store.js';

const ACTOR = { actor: 'alice' };

describeTaskStoreContract('sqlite', async ({ now }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpkit-tasks-'));
  const store = await openSqliteTaskStore({ path: join(dir, 'tasks.db'), now });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteTaskStore on a file', () => {
  let dir: string;
  let path: string;
  const open: TaskStore[] = [];
  const openStore = async () => {
    const store = await openSqliteTaskStore({ path });
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcpkit-tasks-'));
    path = join(dir, 'nested', 'dir', 'tasks.db');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory, and keeps tasks, comments, edges and activity across close and reopen', async () => {
    const first = await openStore();
    const [a, b] = await first.createTasks([{ title: 'a', labels: ['x'] }, { title: 'b' }], ACTOR);
    await first.addDependency(a!.id, b!.id, ACTOR);
    await first.addComment(a!.id, 'kept', ACTOR);
    await first.deleteTask(b!.id, ACTOR);
    await first.close();

    const second = await openStore();
    expect(await second.getTask(a!.id)).toEqual(a);
    expect((await second.listComments(a!.id)).map((c) => c.body)).toEqual(['kept']);
    expect((await second.recentActivity()).map((e) => e.action)).toEqual(['delete', 'comment', 'dependency_add', 'create', 'create']);
    expect((await second.listTasks({ label: 'x', query: 'a' })).total).toBe(1);
    // The sequence survives too: T-2 was deleted and is not handed out again.
    expect((await second.createTask({ title: 'c' }, ACTOR)).id).toBe('T-3');
  });

  it('uses WAL mode on the file', async () => {
    await openStore();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('lets two connections to one file see each other and refuses the slower of two racing edits', async () => {
    const one = await openStore();
    const two = await openStore();
    const task = await one.createTask({ title: 'shared' }, ACTOR);
    expect(await two.getTask(task.id)).toEqual(task);
    await two.updateTask(task.id, { title: 'by two' }, { actor: 'two', expectedVersion: 1 });
    await expect(one.updateTask(task.id, { title: 'by one' }, { actor: 'one', expectedVersion: 1 })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await one.getTask(task.id)).title).toBe('by two');
  });

  it('refuses a file that is not a SQLite database, naming it', async () => {
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'these are not the tables you are looking for '.repeat(100));
    await expect(openSqliteTaskStore({ path: bad })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining(`Could not open the tasks database at ${bad}`),
    });
  });

  describe('atomicity (a trigger makes one write fail part-way)', () => {
    const sabotage = (sql: string) => {
      const raw = new Database(path);
      try {
        raw.exec(sql);
      } finally {
        raw.close();
      }
    };

    it('rolls the task change back when its activity entry cannot be written', async () => {
      const store = await openStore();
      const task = await store.createTask({ title: 'before', labels: ['old'] }, ACTOR);
      sabotage(`CREATE TRIGGER no_log BEFORE INSERT ON activity WHEN NEW.actor = 'saboteur'
                BEGIN SELECT RAISE(ABORT, 'sabotaged'); END`);
      await expect(store.updateTask(task.id, { title: 'after', labels: ['new'] }, { actor: 'saboteur' })).rejects.toMatchObject({
        code: 'internal',
        message: expect.not.stringContaining('sabotaged'),
      });
      expect(await store.getTask(task.id)).toEqual(task);
      expect((await store.listTasks({ label: 'old' })).total).toBe(1);
      expect((await store.listTasks({ query: 'after' })).total).toBe(0);
      await expect(store.addComment(task.id, 'hi', { actor: 'saboteur' })).rejects.toMatchObject({ code: 'internal' });
      expect(await store.listComments(task.id)).toEqual([]);
    });

    it('rolls back earlier tasks of a batch and their activity when a later one fails', async () => {
      const store = await openStore();
      const parent = await store.createTask({ title: 'parent' }, ACTOR);
      sabotage(`CREATE TRIGGER no_poison BEFORE INSERT ON tasks WHEN NEW.title = 'poison'
                BEGIN SELECT RAISE(ABORT, 'sabotaged'); END`);
      await expect(
        store.createSubtasks(parent.id, [{ title: 'fine' }, { title: 'also fine' }, { title: 'poison' }], ACTOR),
      ).rejects.toMatchObject({ code: 'internal' });
      expect((await store.listTasks()).items.map((t) => t.id)).toEqual([parent.id]);
      expect((await store.recentActivity()).map((e) => e.action)).toEqual(['create']);
      // The rolled-back ids are free again: no gap, no half-written subtask.
      expect((await store.createTask({ title: 'next' }, ACTOR)).id).toBe('T-2');
    });

    it('rolls back a cascade delete when one deletion fails', async () => {
      const store = await openStore();
      const root = await store.createTask({ title: 'root' }, ACTOR);
      await store.createSubtasks(root.id, [{ title: 'keep me' }], ACTOR);
      sabotage(`CREATE TRIGGER keep BEFORE DELETE ON tasks WHEN OLD.title = 'keep me'
                BEGIN SELECT RAISE(ABORT, 'sabotaged'); END`);
      await expect(store.deleteTask(root.id, { ...ACTOR, cascade: true })).rejects.toMatchObject({ code: 'internal' });
      expect((await store.listTasks()).total).toBe(2);
      expect((await store.recentActivity()).map((e) => e.action)).toEqual(['create', 'create']);
    });
  });

  it('keeps the full-text index consistent with the table through edits and deletes', async () => {
    const store = await openStore();
    await store.createTasks(
      Array.from({ length: 30 }, (_, i) => ({ title: `task ${i}`, description: `body ${i % 3}` })),
      ACTOR,
    );
    for (let i = 1; i <= 30; i += 3) await store.updateTask(`T-${i}`, { description: `edited ${i}` }, ACTOR);
    await store.deleteTask('T-2', ACTOR);
    const raw = new Database(path);
    try {
      // Throws SQLITE_CORRUPT_VTAB if the index and the table disagree.
      raw.exec(`INSERT INTO tasks_fts (tasks_fts, rank) VALUES ('integrity-check', 1)`);
    } finally {
      raw.close();
    }
    expect((await store.listTasks({ query: 'edited' })).total).toBe(10);
    expect((await store.listTasks({ query: 'body' })).total).toBe(19);
  });
});
