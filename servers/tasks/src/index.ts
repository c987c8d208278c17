export type { TasksApp } from './app.js';
export { defaultDatabasePath, tasksOptions } from './config.js';
export { tasksServer } from './create-server.js';
export type {
  ActivityEntry,
  Comment,
  NewTask,
  Task,
  TaskPage,
  TaskPatch,
  TaskQuery,
  TaskStore,
} from './store/task-store.js';
