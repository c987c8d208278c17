import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { refLine, taskLine } from '../format.js';
import { activityRecord, commentRecord, dependenciesRecord, taskRecord, taskRef } from '../output-schemas.js';
import { taskId } from './task-fields.js';

export const getTask = defineTasksTool({
  name: 'get_task',
  title: 'Get a task',
  description:
    'Returns one task in full: its fields, subtasks, what it depends on and what depends on it, its latest comments and recent activity. Use list_tasks or search_tasks to find an id.',
  toolset: 'tasks',
  input: z.strictObject({ id: taskId }),
  output: z.object({
    task: taskRecord,
    subtasks: z.array(taskRef),
    dependencies: dependenciesRecord,
    comments: z.array(commentRecord).describe('The latest 20, oldest first'),
    activity: z.array(activityRecord).describe('The latest 10 changes, newest first'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ id }, { app }) {
    const task = await app.store.getTask(id);
    const [subtaskPage, dependencies, comments, activity] = await Promise.all([
      app.store.listTasks({ parentId: task.id, sort: 'created', limit: 100 }),
      app.store.getDependencies(task.id),
      app.store.listComments(task.id, { limit: 20 }),
      app.store.recentActivity({ taskId: task.id, limit: 10 }),
    ]);
    const subtasks = subtaskPage.items.map(({ id: subId, title, status }) => ({ id: subId, title, status }));
    const lines = [taskLine(task)];
    if (task.description) lines.push('', task.description);
    if (subtasks.length > 0) lines.push('', `Subtasks (${subtaskPage.total}):`, ...subtasks.map(refLine));
    if (dependencies.blockedBy.length > 0) lines.push('', 'Blocked by:', ...dependencies.blockedBy.map(refLine));
    if (dependencies.blocks.length > 0) lines.push('', 'Blocks:', ...dependencies.blocks.map(refLine));
    if (comments.length > 0) {
      lines.push('', `Comments (${comments.length}):`, ...comments.map((c) => `${c.createdAt} ${c.author}: ${c.body}`));
    }
    return { text: lines.join('\n'), data: { task, subtasks, dependencies, comments, activity } };
  },
});
