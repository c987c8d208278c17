import { invalidInput } from '@mcpkit/core';

/** Every task id is shown as this prefix and its number: `T-42`. */
export const TASK_ID_PREFIX = 'T-';

/**
 * `T-42`, `t-42` or a bare `42` (models often drop the prefix). No leading zeros, so one
 * task has exactly one spelling once formatted.
 */
const TASK_ID_PATTERN = /^(?:[Tt]-)?([1-9][0-9]{0,14})$/;

/** Formats the numeric key of a task as its public id (`42` → `T-42`). */
export function formatTaskId(key: number): string {
  return `${TASK_ID_PREFIX}${key}`;
}

/**
 * Parses a public task id into its numeric key, or throws `invalid_input` that shows
 * what an id looks like.
 */
export function parseTaskId(id: string, field = 'task id'): number {
  const match = typeof id === 'string' ? TASK_ID_PATTERN.exec(id.trim()) : null;
  if (!match?.[1]) {
    const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : String(typeof id);
    throw invalidInput(`${shown} is not a valid ${field}. Task ids look like T-42; list or search tasks to find the right one.`, {
      details: { field },
    });
  }
  return Number(match[1]);
}
