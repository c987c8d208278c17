import { z } from 'zod';
import { ACTIVITY_ACTIONS, TASK_PRIORITIES, TASK_STATUSES } from './store/task-store.js';

/**
 * The structured output of the tasks tools: the same records the store returns, so
 * `structuredContent` is never a string wrapped in an object.
 */
export const taskRecord = z.object({
  id: z.string().describe('Task id, like T-42'),
  title: z.string(),
  description: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  assignee: z.string().nullable(),
  project: z.string(),
  labels: z.array(z.string()),
  dueDate: z.string().nullable().describe('YYYY-MM-DD'),
  parentId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  createdBy: z.string(),
  version: z.number().int().describe('Grows with every change; pass as expectedVersion to update safely'),
});

export const taskRef = z.object({ id: z.string(), title: z.string(), status: z.enum(TASK_STATUSES) });

export const dependenciesRecord = z.object({
  blockedBy: z.array(taskRef).describe('Tasks this one waits for'),
  blocks: z.array(taskRef).describe('Tasks waiting for this one'),
});

export const commentRecord = z.object({
  id: z.number().int(),
  taskId: z.string(),
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

export const activityRecord = z.object({
  id: z.number().int(),
  taskId: z.string(),
  actor: z.string(),
  action: z.enum(ACTIVITY_ACTIONS),
  changes: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const taskPageRecord = z.object({
  items: z.array(taskRecord),
  total: z.number().int().describe('Tasks matching the query across all pages'),
  nextCursor: z.string().nullable().describe('Pass back as cursor, with the same filters, for the next page'),
});
