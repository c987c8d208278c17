import { it } from 'vitest';
import { openSqliteTaskStore } from './sqlite/sqlite-task-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
it('probe', async () => {
  const items = Array.from({ length: 100000 }, (_, i) => ({ title: `Task ${i} database login`, description: `About crash and cache number ${i}.`, assignee: `user-${i % 9}`, project: `proj-${i % 10}`, labels: [`label-${i % 13}`, `label-${(i * 5) % 13}x`], dueDate: '2026-01-02' }));
  for (const path of [join(mkdtempSync(join(tmpdir(), 'p-')), 'x.db')]) {
    const store = await openSqliteTaskStore({ path });
    const t = performance.now();
    await store.createTasks(items, { actor: 'x' });
    console.error(path, performance.now() - t);
    await store.close();
  }
}, 60000);
