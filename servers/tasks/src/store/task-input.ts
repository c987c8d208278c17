import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import {
  DEFAULT_PROJECT,
  type NewTask,
  type TaskPatch,
  type TaskQuery,
  taskPrioritySchema,
  taskSortSchema,
  taskStatusSchema,
  UNASSIGNED,
} from './task-store.js';

/**
 * The zod schemas of what callers hand the store, shared by every store implementation
 * (and reusable by tools for their input schemas), and the `parse*` helpers that turn a
 * schema failure into one `invalid_input` error listing every bad field.
 */

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const COMMENT_MAX = 10_000;
export const NAME_MAX = 100;
export const LABEL_MAX = 50;
export const LABELS_MAX = 20;
export const QUERY_MAX = 500;
export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

// Control characters in a name would corrupt logs and resource listings.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(NAME_MAX, `${what} must be at most ${NAME_MAX} characters`)
    .refine((v) => !CONTROL_CHARS.test(v), `${what} must not contain control characters`);

export const titleSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(TITLE_MAX, `title must be at most ${TITLE_MAX} characters`);
export const descriptionSchema = z.string().max(DESCRIPTION_MAX, `description must be at most ${DESCRIPTION_MAX} characters`);
export const actorSchema = name('actor');
/** A person; `'unassigned'` is reserved for the filter that means nobody. */
export const assigneeSchema = name('assignee').refine(
  (v) => v.toLowerCase() !== UNASSIGNED,
  `"${UNASSIGNED}" is reserved; pass null to leave the task unassigned`,
);
/** Project names appear in resource URIs (`project://{project}/status`), so no `/`. */
export const projectSchema = name('project').refine((v) => !v.includes('/'), 'project must not contain "/"');
export const labelSchema = z
  .string()
  .trim()
  .min(1, 'a label must not be empty')
  .max(LABEL_MAX, `a label must be at most ${LABEL_MAX} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'a label must not contain control characters');
/** Labels deduplicated case-insensitively, first spelling kept. */
export const labelsSchema = z
  .array(labelSchema)
  .max(LABELS_MAX, `a task takes at most ${LABELS_MAX} labels`)
  .transform((labels) => {
    const seen = new Set<string>();
    return labels.filter((label) => {
      const key = label.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
export const dueDateSchema = z.iso.date('dueDate must be a calendar date written YYYY-MM-DD');
export const taskIdSchema = z.string().max(40, 'a task id looks like T-42');
export const commentBodySchema = z
  .string()
  .trim()
  .min(1, 'comment must not be empty')
  .max(COMMENT_MAX, `comment must be at most ${COMMENT_MAX} characters`);

export const newTaskSchema = z.strictObject({
  title: titleSchema,
  description: descriptionSchema.default(''),
  status: taskStatusSchema.default('todo'),
  priority: taskPrioritySchema.default('medium'),
  assignee: assigneeSchema.nullable().default(null),
  project: projectSchema.optional(),
  labels: labelsSchema.default([]),
  dueDate: dueDateSchema.nullable().default(null),
  parentId: taskIdSchema.nullable().default(null),
});
export type ParsedNewTask = z.output<typeof newTaskSchema>;

export const taskPatchSchema = z
  .strictObject({
    title: titleSchema,
    description: descriptionSchema,
    status: taskStatusSchema,
    priority: taskPrioritySchema,
    assignee: assigneeSchema.nullable(),
    project: projectSchema,
    labels: labelsSchema,
    dueDate: dueDateSchema.nullable(),
    parentId: taskIdSchema.nullable(),
  })
  .partial()
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message:
      'the patch changes nothing: give at least one of title, description, status, priority, assignee, project, labels, dueDate, parentId',
  });
export type ParsedTaskPatch = z.output<typeof taskPatchSchema>;

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema).min(1, 'give at least one value or leave the filter out')]);

export const taskQuerySchema = z.strictObject({
  status: oneOrMany(taskStatusSchema).optional(),
  assignee: name('assignee').optional(),
  project: name('project').optional(),
  label: name('label').optional(),
  priority: oneOrMany(taskPrioritySchema).optional(),
  dueBefore: z.iso.date('dueBefore must be a date written YYYY-MM-DD').optional(),
  dueAfter: z.iso.date('dueAfter must be a date written YYYY-MM-DD').optional(),
  parentId: taskIdSchema.nullable().optional(),
  query: z.string().max(QUERY_MAX, `query must be at most ${QUERY_MAX} characters`).optional(),
  sort: taskSortSchema.default('updated'),
  limit: z
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(PAGE_LIMIT_MAX, `limit must be at most ${PAGE_LIMIT_MAX}; page with nextCursor for more`)
    .default(PAGE_LIMIT_DEFAULT),
  cursor: z.string().max(2000, 'cursor is not one this server returned').optional(),
});
export type ParsedTaskQuery = z.output<typeof taskQuerySchema>;

/** Renders zod issues as `field: message; field: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      return field ? `${field}: ${message}` : message;
    })
    .join('; ');
}

/** Parses with `schema` or throws `invalid_input` naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(`Invalid ${what}: ${describeIssues(result.error)}. Fix these and retry.`, {
    details: { issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

export const parseNewTask = (input: NewTask): ParsedNewTask => parseOrThrow(newTaskSchema, input, 'task');
/** A batch: at least one task; issues are named by position (`2.title`, counting from 0). */
export const parseNewTasks = (inputs: NewTask[]): ParsedNewTask[] =>
  parseOrThrow(z.array(newTaskSchema).min(1, 'give at least one task'), inputs, 'tasks');
export const parseTaskPatch = (patch: TaskPatch): ParsedTaskPatch => parseOrThrow(taskPatchSchema, patch, 'task update');
export const parseTaskQuery = (query: TaskQuery = {}): ParsedTaskQuery => parseOrThrow(taskQuerySchema, query, 'task query');
export const parseActor = (actor: string): string => parseOrThrow(actorSchema, actor, 'actor');
export const parseAssignee = (assignee: string | null): string | null => parseOrThrow(assigneeSchema.nullable(), assignee, 'assignee');
export const parseCommentBody = (body: string): string => parseOrThrow(commentBodySchema, body, 'comment');
export const parseProjectName = (project: string): string => parseOrThrow(name('project'), project, 'project');

/** A whole-number limit in 1..max, `fallback` when absent. */
export function parseLimit(limit: number | undefined, fallback: number, max: number): number {
  return parseOrThrow(
    z
      .number()
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(max, `limit must be at most ${max}`)
      .default(fallback),
    limit,
    'limit',
  );
}

/** The project a new task gets: its own, else its parent's, else the default. */
export function resolveProject(parsed: ParsedNewTask, parentProject: string | null): string {
  return parsed.project ?? parentProject ?? DEFAULT_PROJECT;
}
