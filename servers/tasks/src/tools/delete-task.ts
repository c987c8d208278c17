import { confirmDestructive } from '@mcpkit/core';
import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { taskId } from './task-fields.js';

export const deleteTask = defineTasksTool({
  name: 'delete_task',
  title: 'Delete a task',
  description:
    'Deletes a task with its comments and dependency links; with cascade, also its whole subtree (otherwise a task with subtasks is refused). Cannot be undone, so it is confirmed first: the user is asked directly where the client supports it; otherwise the first call returns a confirmToken (valid 5 minutes, for this task as it is now) and a second call with that token deletes. The activity log keeps the history.',
  toolset: 'tasks',
  input: z.strictObject({
    id: taskId,
    cascade: z.boolean().default(false).describe('Also delete every subtask, recursively'),
    confirmToken: z.string().max(200).optional().describe('The token a previous delete_task call returned'),
  }),
  output: z.object({
    status: z.enum(['deleted', 'confirmation_required', 'cancelled']),
    deletedIds: z.array(z.string()),
    confirmToken: z.string().optional().describe('Pass back to delete_task to confirm'),
    expiresAt: z.string().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ id, cascade, confirmToken }, ctx) {
    const { app, principal } = ctx;
    const task = await app.store.getTask(id);
    const actor = app.actorOf(principal);
    const what = `${task.id} "${task.title}"${cascade ? ' and all its subtasks' : ''}`;
    const confirmation = confirmDestructive(ctx, {
      tokens: app.confirmations,
      subject: {
        action: 'delete',
        target: task.id,
        version: task.version,
        principal: principal.id,
        variant: cascade ? 'cascade' : 'single',
      },
      confirmToken,
      question: `Delete ${what}? This cannot be undone.`,
    });
    switch (confirmation.status) {
      case 'asking':
        return confirmation.result;
      case 'cancelled':
        return { text: `Not deleted: the user did not confirm deleting ${what}.`, data: { status: 'cancelled' as const, deletedIds: [] } };
      case 'token_issued': {
        const { token, expiresAt } = confirmation;
        return {
          text: `Deleting ${what} cannot be undone. To confirm, call delete_task again with id "${task.id}", cascade ${cascade} and confirmToken "${token}" (valid until ${expiresAt}). Ask the user first.`,
          data: { status: 'confirmation_required' as const, deletedIds: [], confirmToken: token, expiresAt },
        };
      }
      case 'confirmed': {
        const { deletedIds } = await app.store.deleteTask(task.id, { actor, cascade, expectedVersion: task.version });
        await ctx.notify('notice', `${actor} deleted ${deletedIds.join(', ')}`);
        return {
          text: `Deleted ${deletedIds.join(', ')}. The activity log keeps their history.`,
          data: { status: 'deleted' as const, deletedIds },
        };
      }
    }
  },
});
