import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { taskLine } from '../format.js';
import { taskRecord } from '../output-schemas.js';
import { newTaskFields } from './task-fields.js';

export const createTask = defineTasksTool({
  name: 'create_task',
  title: 'Create a task',
  description:
    "Creates one task and returns it with its id (T-…). Only title is required; status defaults to todo, priority to medium, project to inbox (or the parent's project for a subtask). To break a task into several, use create_subtasks.",
  toolset: 'tasks',
  input: z.strictObject(newTaskFields),
  output: taskRecord,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler(args, { app, principal }) {
    const task = await app.store.createTask(args, { actor: app.actorOf(principal) });
    return { text: `Created ${taskLine(task)}`, data: task };
  },
});
