import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { commentRecord } from '../output-schemas.js';
import { commentBodySchema } from '../store/task-input.js';
import { taskId } from './task-fields.js';

export const addComment = defineTasksTool({
  name: 'add_comment',
  title: 'Comment on a task',
  description: 'Adds a comment to a task (notes, decisions, status updates). get_task shows the latest comments.',
  toolset: 'collaboration',
  input: z.strictObject({ id: taskId, body: commentBodySchema.describe('The comment text, at most 10,000 characters') }),
  output: commentRecord,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler({ id, body }, { app, principal }) {
    const comment = await app.store.addComment(id, body, { actor: app.actorOf(principal) });
    return { text: `Comment ${comment.id} added to ${comment.taskId}.`, data: comment };
  },
});
