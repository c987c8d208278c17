import { z } from 'zod';
import { defineTasksTool } from '../app.js';
import { refLine } from '../format.js';
import { dependenciesRecord } from '../output-schemas.js';
import { formatTaskId, parseTaskId } from '../store/ids.js';
import { taskId } from './task-fields.js';

export const setDependency = defineTasksTool({
  name: 'set_dependency',
  title: 'Add or remove a dependency',
  description:
    'Records that a task depends on (is blocked by) another, or removes that with action "remove". A dependency that would close a cycle is refused and the cycle is named. Returns the task\'s dependencies afterwards.',
  toolset: 'planning',
  input: z.strictObject({
    taskId: taskId.describe('The task that waits'),
    dependsOn: taskId.describe('The task it waits for'),
    action: z.enum(['add', 'remove']).default('add'),
  }),
  output: z.object({ taskId: z.string(), dependencies: dependenciesRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ taskId: id, dependsOn, action }, { app, principal }) {
    const actor = { actor: app.actorOf(principal) };
    const dependencies =
      action === 'add' ? await app.store.addDependency(id, dependsOn, actor) : await app.store.removeDependency(id, dependsOn, actor);
    // The store already resolved both ids; only their canonical spelling is needed here.
    const canonicalId = formatTaskId(parseTaskId(id));
    const blockedBy = dependencies.blockedBy.length > 0 ? dependencies.blockedBy.map(refLine).join('\n') : 'nothing';
    return {
      text: `${action === 'add' ? 'Added' : 'Removed'}: ${canonicalId} ${action === 'add' ? 'now depends on' : 'no longer depends on'} ${formatTaskId(parseTaskId(dependsOn))}.\n${canonicalId} is blocked by:\n${blockedBy}`,
      data: { taskId: canonicalId, dependencies },
    };
  },
});
