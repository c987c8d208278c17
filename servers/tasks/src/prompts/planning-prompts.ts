import { definePrompt } from '@mcpkit/core';
import { z } from 'zod';
import type { TasksApp } from '../app.js';
import { taskLine } from '../format.js';
import { projectSchema } from '../store/task-input.js';

const completeProject = { project: (value: string, app: TasksApp) => app.store.listProjects({ prefix: value, limit: 20 }) };

export const sprintPlanning = definePrompt<TasksApp, z.ZodObject>({
  name: 'sprint-planning',
  title: 'Plan a sprint',
  description: 'Plans the next sprint from the open backlog of a project, its priorities, due dates, blockers and who has capacity.',
  toolset: 'planning',
  args: z.object({
    project: projectSchema.optional().describe('Project to plan; all projects when omitted'),
    days: z
      .string()
      .regex(/^\d{1,2}$/, 'days must be a whole number of days')
      .optional()
      .describe('Sprint length in days (default 10)'),
  }),
  complete: completeProject,
  async render(args, { app }) {
    const { project, days = '10' } = args as { project?: string; days?: string };
    const [backlog, workload] = await Promise.all([
      app.store.listTasks({ status: ['todo', 'blocked', 'in_progress'], sort: 'priority', limit: 100, ...(project && { project }) }),
      app.store.teamWorkload(),
    ]);
    return [
      `Plan a ${days}-day sprint${project ? ` for project ${project}` : ''}.`,
      `Open backlog (${backlog.total} tasks, highest priority first${backlog.total > backlog.items.length ? `, first ${backlog.items.length} shown` : ''}):`,
      ...backlog.items.map(taskLine),
      '',
      'Current workload (open tasks per person):',
      ...workload.map(
        (w) =>
          `${w.assignee ?? 'unassigned'}: ${w.open} open (${w.byPriority.urgent} urgent, ${w.byPriority.high} high), ${w.overdue} overdue`,
      ),
      '',
      'Propose which tasks go into the sprint and who takes each, respecting dependencies and balancing load. Then apply the plan with assign_task and update_task, and say what you left out and why.',
    ].join('\n');
  },
});

export const statusReport = definePrompt<TasksApp, z.ZodObject>({
  name: 'status-report',
  title: 'Write a status report',
  description: 'Writes a status report of a project (or all projects) from its live counts, recent activity and overdue work.',
  toolset: 'planning',
  args: z.object({ project: projectSchema.optional().describe('Project to report on; all projects when omitted') }),
  complete: completeProject,
  async render(args, { app }) {
    const { project } = args as { project?: string };
    const today = new Date().toISOString().slice(0, 10);
    const [status, activity, overdue] = await Promise.all([
      app.store.projectStatus(project),
      app.store.recentActivity({ limit: 30 }),
      app.store.listTasks({
        status: ['todo', 'in_progress', 'blocked', 'in_review'],
        dueBefore: today,
        sort: 'due',
        limit: 50,
        ...(project && { project }),
      }),
    ]);
    return [
      `Write a concise status report for ${project ? `project ${project}` : 'all projects'} as of ${today}.`,
      `Counts: ${JSON.stringify(status)}`,
      '',
      `Overdue (${overdue.total}):`,
      ...overdue.items.map(taskLine),
      '',
      'Recent activity (newest first):',
      ...activity.map((a) => `${a.at} ${a.actor} ${a.action} ${a.taskId}`),
      '',
      'Cover: progress since last report, risks (overdue, blocked), and the next priorities. Keep it under 300 words.',
    ].join('\n');
  },
});

export const taskBreakdown = definePrompt<TasksApp, z.ZodObject>({
  name: 'task-breakdown',
  title: 'Break a task down',
  description: 'Breaks one task into concrete subtasks, given the task, its existing subtasks and dependencies.',
  toolset: 'planning',
  args: z.object({ taskId: z.string().max(40).describe('The task to break down, like T-42') }),
  async render(args, { app }) {
    const { taskId } = args as { taskId: string };
    const task = await app.store.getTask(taskId);
    const [subtasks, dependencies] = await Promise.all([
      app.store.listTasks({ parentId: task.id, sort: 'created', limit: 100 }),
      app.store.getDependencies(task.id),
    ]);
    return [
      `Break this task into concrete subtasks of at most a day each:`,
      taskLine(task),
      task.description ? `\n${task.description}\n` : '',
      subtasks.total > 0
        ? `It already has ${subtasks.total} subtasks:\n${subtasks.items.map(taskLine).join('\n')}`
        : 'It has no subtasks yet.',
      dependencies.blockedBy.length > 0 ? `It waits for: ${dependencies.blockedBy.map((d) => d.id).join(', ')}` : '',
      '',
      `Propose the missing subtasks, then create them with create_subtasks (parentId ${task.id}) and link any order between them with set_dependency.`,
    ]
      .filter((line) => line !== '')
      .join('\n');
  },
});

export const planningPrompts = [sprintPlanning, statusReport, taskBreakdown];
