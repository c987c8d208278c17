import type { ConfirmationTokens } from '@mcpkit/core';
import { type Principal, toolBuilder } from '@mcpkit/core';
import type { TaskStore } from './store/task-store.js';

/** The long-lived services every tasks tool, resource and prompt works with. */
export interface TasksApp {
  store: TaskStore;
  confirmations: ConfirmationTokens;
  /** The name the activity log records for a caller. */
  actorOf(principal: Principal): string;
}

/** `defineTool` for the tasks server's app. */
export const defineTasksTool = toolBuilder<TasksApp>();
