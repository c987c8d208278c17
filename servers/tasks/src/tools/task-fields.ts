import { z } from 'zod';
import {
  assigneeSchema,
  descriptionSchema,
  dueDateSchema,
  labelsSchema,
  projectSchema,
  taskIdSchema,
  titleSchema,
} from '../store/task-input.js';
import { taskPrioritySchema, taskStatusSchema } from '../store/task-store.js';

/**
 * Tool-argument fields shared by the tools that create and change tasks, with the
 * descriptions a model reads in `tools/list`. Value rules come from the store's own
 * schemas, so a tool cannot accept what the store would refuse.
 */
export const taskId = taskIdSchema.describe('Task id, like T-42');

export const newTaskFields = {
  title: titleSchema.describe('Short imperative summary, at most 200 characters'),
  description: descriptionSchema.optional().describe('Details, acceptance criteria, links'),
  status: taskStatusSchema.optional().describe('Defaults to todo'),
  priority: taskPrioritySchema.optional().describe('Defaults to medium'),
  assignee: assigneeSchema.nullable().optional().describe('Person responsible; null or omitted for nobody'),
  project: projectSchema.optional().describe("Project name; defaults to inbox, or the parent's project"),
  labels: labelsSchema.optional().describe('Free-form labels, e.g. ["bug", "frontend"]'),
  dueDate: dueDateSchema.nullable().optional().describe('Due day, YYYY-MM-DD'),
  parentId: taskId.nullable().optional().describe('Make this a subtask of that task'),
};

export const expectedVersion = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('Fail with a conflict if the task changed since you read this version (optimistic concurrency)');

/** The same fields, every one optional: what update_task may change. */
export const patchFields = z.object(newTaskFields).partial().shape;
