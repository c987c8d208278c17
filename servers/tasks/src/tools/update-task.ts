import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { taskLine } from '../format.js';
import { taskRecord } from '../output-schemas.js';
import { expectedVersion, newTaskFields, patchFields, taskId } from './task-fields.js';

const { assignee } = newTaskFields;

export const updateTask = defineTasksTool({
  name: 'update_task',
  title: 'Update a task',
  description:
    "Changes the given fields of a task (at least one); fields left out keep their values, null clears assignee, dueDate or parentId. labels replaces the whole list. Setting status done follows complete_task's rules. Pass expectedVersion to refuse the change if someone else changed the task since you read it.",
  toolset: 'tasks',
  input: z
    .strictObject({ id: taskId, ...patchFields, expectedVersion })
    .refine(({ id: _id, expectedVersion: _v, ...patch }) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change (title, description, status, priority, assignee, project, labels, dueDate, parentId)',
    }),
  output: taskRecord,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ id, expectedVersion: version, ...patch }, { app, principal }) {
    const task = await app.store.updateTask(id, patch, {
      actor: app.actorOf(principal),
      ...(version !== undefined && { expectedVersion: version }),
    });
    return { text: `Updated ${taskLine(task)} (version ${task.version})`, data: task };
  },
});

export const assignTask = defineTasksTool({
  name: 'assign_task',
  title: 'Assign a task',
  description: 'Sets who is responsible for a task, or clears it with assignee null.',
  toolset: 'collaboration',
  input: z.strictObject({ id: taskId, assignee, expectedVersion }).required({ assignee: true }),
  output: taskRecord,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ id, assignee: who, expectedVersion: version }, { app, principal }) {
    const task = await app.store.assignTask(id, who ?? null, {
      actor: app.actorOf(principal),
      ...(version !== undefined && { expectedVersion: version }),
    });
    return { text: `${task.assignee ? `Assigned to ${task.assignee}` : 'Unassigned'}: ${taskLine(task)}`, data: task };
  },
});

export const completeTask = defineTasksTool({
  name: 'complete_task',
  title: 'Complete a task',
  description:
    'Marks a task done. Refused while a task it depends on is still open (finish or remove that dependency first), and while its subtasks are open unless force is true. Completing a done task changes nothing.',
  toolset: 'tasks',
  input: z.strictObject({
    id: taskId,
    force: z.boolean().optional().describe('Complete even though subtasks are still open'),
    expectedVersion,
  }),
  output: taskRecord,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ id, force, expectedVersion: version }, { app, principal }) {
    const task = await app.store.completeTask(id, {
      actor: app.actorOf(principal),
      ...(force !== undefined && { force }),
      ...(version !== undefined && { expectedVersion: version }),
    });
    return { text: `Completed ${taskLine(task)}`, data: task };
  },
});
