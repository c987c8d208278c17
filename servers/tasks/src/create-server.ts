import { createRequire } from 'node:module';
import { createConfirmationTokens, defineServer } from '@mcpkit/core';
import type { TasksApp } from './app.js';
import { createChangeFeed, withChangeNotifications } from './change-feed.js';
import { tasksOptions } from './config.js';

import { planningPrompts } from './prompts/planning-prompts.js';
import { projectResources } from './resources/project-resources.js';
import { openSqliteTaskStore } from './store/sqlite/sqlite-task-store.js';
import { addComment } from './tools/add-comment.js';
import { createSubtasks } from './tools/create-subtasks.js';
import { createTask } from './tools/create-task.js';
import { deleteTask } from './tools/delete-task.js';
import { getTask } from './tools/get-task.js';
import { listTasks, searchTasks } from './tools/list-tasks.js';
import { setDependency } from './tools/set-dependency.js';
import { assignTask, completeTask, updateTask } from './tools/update-task.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The tasks server: project management on an embedded SQLite file. */
export const tasksServer = defineServer<TasksApp, typeof tasksOptions>({
  name: 'mcpkit-tasks',
  version,
  title: 'mcpkit tasks',
  instructions:
    'Project-management tasks with ids like T-42. Find tasks with list_tasks (filters) or search_tasks (words) before changing them; get_task shows one in full. Read project://status for an overview. Pass expectedVersion when updating a task you read earlier.',
  config: tasksOptions,
  toolsets: {
    tasks: 'Create, read, search, update, complete and delete tasks',
    collaboration: 'Assign tasks and comment on them',
    planning: 'Subtasks, dependencies and the planning prompts',
  },
  async setup({ config, logger }) {
    const raw = await openSqliteTaskStore({ path: config.db, logger });
    const feed = createChangeFeed((error) => logger.warn({ err: error }, 'change listener failed'));
    const store = withChangeNotifications(raw, (uris) => feed.publish(uris));
    const app: TasksApp = {
      store,
      confirmations: createConfirmationTokens(config.confirmSecret ? { secret: config.confirmSecret } : {}),
      actorOf: (principal) => (principal.kind === 'local' ? config.actor : principal.id),
    };
    logger.info({ db: config.db }, 'task store open');
    return {
      app,
      changes: feed,
      ready: async () => {
        await raw.projectStatus();
        return { ok: true };
      },
      close: () => raw.close(),
    };
  },
  tools: [
    createTask,
    getTask,
    listTasks,
    searchTasks,
    updateTask,
    assignTask,
    completeTask,
    deleteTask,
    addComment,
    setDependency,
    createSubtasks,
  ],
  resources: projectResources,
  prompts: planningPrompts,
});
