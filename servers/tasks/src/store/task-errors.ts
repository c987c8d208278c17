import { conflict, invalidInput, type McpKitError, notFound } from '@mcpkit/core';
import type { TaskRef } from './task-store.js';

/**
 * The store's domain errors, worded once so every store implementation says the same
 * thing. Each message names what went wrong and the next step for the model.
 */

const refs = (tasks: readonly TaskRef[]) => tasks.map((t) => `${t.id} "${t.title}" (${t.status})`).join(', ');

export const taskNotFound = (id: string): McpKitError =>
  notFound(`No task ${id}. List or search tasks to find the right id.`, { details: { taskId: id } });

export const parentNotFound = (id: string): McpKitError =>
  notFound(`No task ${id} to be the parent. List or search tasks to find the right parent id.`, {
    details: { taskId: id },
  });

export const projectNotFound = (project: string): McpKitError =>
  notFound(`No project "${project}" has any tasks. List projects to find the right name.`, { details: { project } });

export const staleVersion = (id: string, current: number, expected: number): McpKitError =>
  conflict(
    `${id} changed since you read it (it is at version ${current}, you had ${expected}). Get the task again, check the change still makes sense, and retry with version ${current}.`,
    { details: { taskId: id, currentVersion: current, expectedVersion: expected } },
  );

export const selfDependency = (id: string): McpKitError =>
  invalidInput(`${id} cannot depend on itself. Pick another task as its dependency.`, { details: { taskId: id } });

export const dependencyCycle = (path: readonly string[]): McpKitError =>
  conflict(
    `That dependency would create a cycle: ${path.join(' → ')}. Remove one of the dependencies on that path first, or depend on another task.`,
    { details: { cycle: [...path] } },
  );

export const dependencyNotFound = (taskId: string, dependsOnId: string): McpKitError =>
  notFound(`${taskId} does not depend on ${dependsOnId}. Get its dependencies to see which ones exist.`, {
    details: { taskId, dependsOnId },
  });

export const openBlockers = (id: string, blockers: readonly TaskRef[]): McpKitError =>
  conflict(
    `${id} cannot be completed: it depends on open tasks ${refs(blockers)}. Complete or cancel them, or remove those dependencies, then retry.`,
    { details: { taskId: id, openBlockers: blockers.map((t) => t.id) } },
  );

export const openSubtasks = (id: string, subtasks: readonly TaskRef[]): McpKitError =>
  conflict(
    `${id} has open subtasks ${refs(subtasks)}. Complete them first, or pass force: true to complete ${id} anyway (the subtasks stay open).`,
    { details: { taskId: id, openSubtasks: subtasks.map((t) => t.id) } },
  );

export const hasSubtasks = (id: string, subtasks: readonly TaskRef[]): McpKitError =>
  conflict(
    `${id} has subtasks ${refs(subtasks)}. Delete or move them first, or pass cascade: true to delete ${id} with all of its subtasks.`,
    { details: { taskId: id, subtasks: subtasks.map((t) => t.id) } },
  );

export const selfParent = (id: string): McpKitError =>
  invalidInput(`${id} cannot be its own parent. Pick another task as parent, or null for none.`, {
    details: { taskId: id },
  });

export const parentCycle = (id: string, path: readonly string[]): McpKitError =>
  conflict(
    `${id} cannot move under ${path[0]}: that task is itself under ${id} (${path.join(' → ')}). Pick a parent outside ${id}'s subtasks.`,
    { details: { taskId: id, path: [...path] } },
  );
