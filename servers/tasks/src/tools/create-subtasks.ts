import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { taskLine } from '../format.js';
import { taskRecord } from '../output-schemas.js';
import { newTaskFields, taskId } from './task-fields.js';

const { parentId: _parentId, ...subtaskFields } = newTaskFields;

export const createSubtasks = defineTasksTool({
  name: 'create_subtasks',
  title: 'Break a task down into subtasks',
  description:
    "Creates several subtasks under one parent task in one step (all or none). Each subtask takes the same fields as create_task; project defaults to the parent's. Use it to turn a plan into tracked work.",
  toolset: 'planning',
  input: z.strictObject({
    parentId: taskId.describe('The task to break down'),
    subtasks: z.array(z.strictObject(subtaskFields)).min(1, 'give at least one subtask').max(50, 'at most 50 subtasks per call'),
  }),
  output: z.object({ parentId: z.string(), created: z.array(taskRecord) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler({ parentId, subtasks }, { app, principal }) {
    const created = await app.store.createSubtasks(parentId, subtasks, { actor: app.actorOf(principal) });
    const parent = created[0]?.parentId ?? parentId;
    return {
      text: `Created ${created.length} subtasks of ${parent}:\n${created.map(taskLine).join('\n')}`,
      data: { parentId: parent, created },
    };
  },
});
