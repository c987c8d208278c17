import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTaskStoreContract } from '../task-store.contract.js';
import { openSqliteTaskStore } from './sqlite-task-store.js';

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
