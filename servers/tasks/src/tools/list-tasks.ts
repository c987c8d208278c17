import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { pageText } from '../format.js';
import { taskPageRecord } from '../output-schemas.js';
import { taskQuerySchema } from '../store/task-input.js';

/** The filter fields list_tasks and search_tasks share, straight from the store's query schema. */
export const taskFilters = {
  status: taskQuerySchema.shape.status.describe('One status or a list, e.g. ["todo","in_progress"]'),
  assignee: taskQuerySchema.shape.assignee.describe('A person, or "unassigned"'),
  project: taskQuerySchema.shape.project,
  label: taskQuerySchema.shape.label,
  priority: taskQuerySchema.shape.priority.describe('One priority or a list'),
  dueBefore: taskQuerySchema.shape.dueBefore.describe('Due on or before this day, YYYY-MM-DD'),
  dueAfter: taskQuerySchema.shape.dueAfter.describe('Due on or after this day, YYYY-MM-DD'),
  parentId: taskQuerySchema.shape.parentId.describe('Subtasks of this task; null for top-level tasks only'),
  sort: taskQuerySchema.shape.sort.describe('updated (default), created, priority (urgent first) or due (soonest first)'),
  limit: taskQuerySchema.shape.limit.describe('Page size, 1–100, default 20'),
  cursor: taskQuerySchema.shape.cursor.describe('nextCursor from the previous page of the same query'),
};

export const listTasks = defineTasksTool({
  name: 'list_tasks',
  title: 'List tasks',
  description:
    'Lists tasks matching every filter given (status, assignee, project, label, priority, due range, parent), sorted and paginated: 20 per page by default, up to 100; pass nextCursor back as cursor for the next page. Returns the total count. For words in titles or descriptions use search_tasks.',
  toolset: 'tasks',
  input: z.strictObject(taskFilters),
  output: taskPageRecord,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { app }) {
    const page = await app.store.listTasks(args);
    return { text: pageText(page), data: page };
  },
});

export const searchTasks = defineTasksTool({
  name: 'search_tasks',
  title: 'Search tasks',
  description:
    'Full-text search over task titles and descriptions: every word must match, "word*" matches a prefix; punctuation is taken literally. Accepts the same filters and paging as list_tasks.',
  toolset: 'tasks',
  input: z.strictObject({
    query: z.string().trim().min(1, 'give at least one word to search for').max(500).describe('Words to find'),
    ...taskFilters,
  }),
  output: taskPageRecord,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, { app }) {
    const page = await app.store.listTasks(args);
    return { text: pageText(page, `tasks for "${args.query}"`), data: page };
  },
});
