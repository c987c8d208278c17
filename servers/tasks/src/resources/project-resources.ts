import { defineResource, defineResourceTemplate, notFound } from '@mcpkit/core';
import type { TasksApp } from '../app.js';

/** URIs of the project resources; the change feed publishes them after every write. */
export const PROJECT_STATUS_URI = 'project://status';
export const TEAM_WORKLOAD_URI = 'project://team-workload';
export const RECENT_ACTIVITY_URI = 'project://recent-activity';
export const projectStatusUri = (project: string) => `project://${encodeURIComponent(project)}/status`;

export const projectStatus = defineResource<TasksApp>({
  name: 'project-status',
  title: 'Status of all projects',
  description: 'Task counts by status, completion, overdue and blocked counts across every project, and the project names.',
  toolset: 'tasks',
  uri: PROJECT_STATUS_URI,
  async read({ app }) {
    const [overall, projects] = await Promise.all([app.store.projectStatus(), app.store.listProjects({ limit: 100 })]);
    return { json: { ...overall, projects } };
  },
});

export const teamWorkload = defineResource<TasksApp>({
  name: 'team-workload',
  title: 'Team workload',
  description: 'Open tasks per assignee (unassigned included) by priority, with overdue counts, busiest first.',
  toolset: 'tasks',
  uri: TEAM_WORKLOAD_URI,
  async read({ app }) {
    return { json: { assignees: await app.store.teamWorkload() } };
  },
});

export const recentActivity = defineResource<TasksApp>({
  name: 'recent-activity',
  title: 'Recent activity',
  description: 'The latest 50 changes to any task: who did what, when, with field-level before/after.',
  toolset: 'tasks',
  uri: RECENT_ACTIVITY_URI,
  async read({ app }) {
    return { json: { activity: await app.store.recentActivity({ limit: 50 }) } };
  },
});

export const perProjectStatus = defineResourceTemplate<TasksApp>({
  name: 'project-status-by-name',
  title: 'Status of one project',
  description: 'Counts by status, completion percent, overdue and blocked counts of one project.',
  toolset: 'tasks',
  uriTemplate: 'project://{project}/status',
  complete: { project: (value, app) => app.store.listProjects({ prefix: value, limit: 20 }) },
  list: async (app) =>
    (await app.store.listProjects({ limit: 100 })).map((project) => ({
      uri: projectStatusUri(project),
      name: `${project} status`,
    })),
  async read({ project }, { app }) {
    const name = decodeURIComponent(project ?? '');
    const projects = await app.store.listProjects({ prefix: name, limit: 100 });
    if (!projects.some((p) => p.toLowerCase() === name.toLowerCase())) {
      throw notFound(`No project "${name}". Read project://status for the project names.`);
    }
    return { json: await app.store.projectStatus(name) };
  },
});

export const projectResources = [projectStatus, teamWorkload, recentActivity, perProjectStatus];
