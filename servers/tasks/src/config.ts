import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConfigSpec } from '@mcpkit/core';
import { z } from 'zod';

/** Where tasks live when the user says nothing: a file in the user's data directory. */
export function defaultDatabasePath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'mcpkit', 'tasks.db');
}

function localUserName(): string {
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

/** The tasks server's own options, next to core's. */
export const tasksOptions = {
  db: {
    schema: z.string().min(1).default(defaultDatabasePath()),
    flag: 'db',
    env: 'TASKS_DB_PATH',
    description: 'SQLite database file (created with its directory if missing).',
  },
  actor: {
    schema: z.string().trim().min(1).max(100).default(localUserName()),
    flag: 'actor',
    env: 'TASKS_ACTOR',
    description: 'Name the activity log records for the local (stdio) user. Defaults to the OS user name.',
  },
  confirmSecret: {
    schema: z.string().min(16, 'use at least 16 characters').optional(),
    env: 'TASKS_CONFIRM_SECRET',
    description: 'Key that signs delete confirmation tokens. Instances sharing one store must share it; random per process when unset.',
  },
} satisfies ConfigSpec;
