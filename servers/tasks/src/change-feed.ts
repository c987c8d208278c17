import type { ChangeFeed } from '@mcpkit/core';
import { PROJECT_STATUS_URI, projectStatusUri, RECENT_ACTIVITY_URI, TEAM_WORKLOAD_URI } from './resources/project-resources.js';
import type { Task, TaskStore } from './store/task-store.js';

/** An in-process change feed: listeners get the URI of every resource a write changed. */
export function createChangeFeed(onListenerError: (error: unknown) => void): ChangeFeed & { publish(uris: Iterable<string>): void } {
  const listeners = new Set<(uri: string) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(uris) {
      for (const uri of new Set(uris)) {
        for (const listener of listeners) {
          try {
            listener(uri);
          } catch (error) {
            onListenerError(error);
          }
        }
      }
    },
  };
}

/**
 * Wraps a store so every successful write publishes the resources it changed. One place
 * for it, so no tool can forget: the overall status, workload and activity always
 * change, plus the status of every project the write touched (before and after a move).
 */
export function withChangeNotifications(store: TaskStore, publish: (uris: Iterable<string>) => void): TaskStore {
  const changed = (...tasks: Array<Pick<Task, 'project'> | undefined>) => {
    const uris = [PROJECT_STATUS_URI, TEAM_WORKLOAD_URI, RECENT_ACTIVITY_URI];
    for (const task of tasks) if (task) uris.push(projectStatusUri(task.project));
    publish(uris);
  };
  const projectOf = (id: string) => store.getTask(id).catch(() => undefined);
  return {
    getTask: (id) => store.getTask(id),
    listComments: (taskId, options) => store.listComments(taskId, options),
    getDependencies: (taskId) => store.getDependencies(taskId),
    listTasks: (query) => store.listTasks(query),
    projectStatus: (project) => store.projectStatus(project),
    listProjects: (options) => store.listProjects(options),
    teamWorkload: () => store.teamWorkload(),
    recentActivity: (options) => store.recentActivity(options),
    close: () => store.close(),
    async createTask(input, options) {
      const task = await store.createTask(input, options);
      changed(task);
      return task;
    },
    async createTasks(inputs, options) {
      const tasks = await store.createTasks(inputs, options);
      changed(...tasks);
      return tasks;
    },
    async createSubtasks(parentId, inputs, options) {
      const tasks = await store.createSubtasks(parentId, inputs, options);
      changed(...tasks);
      return tasks;
    },
    async updateTask(id, patch, options) {
      const before = patch.project !== undefined ? await projectOf(id) : undefined;
      const task = await store.updateTask(id, patch, options);
      changed(before, task);
      return task;
    },
    async assignTask(id, assignee, options) {
      const task = await store.assignTask(id, assignee, options);
      changed(task);
      return task;
    },
    async completeTask(id, options) {
      const task = await store.completeTask(id, options);
      changed(task);
      return task;
    },
    async deleteTask(id, options) {
      const before = await projectOf(id);
      const result = await store.deleteTask(id, options);
      changed(before);
      return result;
    },
    async addComment(taskId, body, options) {
      const comment = await store.addComment(taskId, body, options);
      changed();
      return comment;
    },
    async addDependency(taskId, dependsOnId, options) {
      const result = await store.addDependency(taskId, dependsOnId, options);
      changed(await projectOf(taskId));
      return result;
    },
    async removeDependency(taskId, dependsOnId, options) {
      const result = await store.removeDependency(taskId, dependsOnId, options);
      changed(await projectOf(taskId));
      return result;
    },
  };
}
