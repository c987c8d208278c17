import type { Task, TaskPage, TaskRef } from './store/task-store.js';

/**
 * Text renderings for the model: one line per task, the facts a model needs to pick the
 * next call, and nothing a `get_task` would not add.
 */
export function taskLine(task: Task): string {
  const facts = [task.status, task.priority];
  const extra = [
    task.assignee ? `@${task.assignee}` : 'unassigned',
    task.dueDate ? `due ${task.dueDate}` : undefined,
    `project ${task.project}`,
    task.labels.length > 0 ? `labels ${task.labels.join(', ')}` : undefined,
    task.parentId ? `subtask of ${task.parentId}` : undefined,
  ].filter(Boolean);
  return `${task.id} [${facts.join(', ')}] ${task.title} — ${extra.join('; ')}`;
}

export function refLine(ref: TaskRef): string {
  return `${ref.id} [${ref.status}] ${ref.title}`;
}

export function pageText(page: TaskPage, what = 'tasks'): string {
  if (page.total === 0) return `No ${what} match. Loosen the filters, or create_task to add one.`;
  const shown = page.items.map(taskLine).join('\n');
  const more = page.nextCursor ? `\nMore: call again with cursor "${page.nextCursor}" and the same filters.` : '';
  return `${page.total} ${what} match; showing ${page.items.length}:\n${shown}${more}`;
}
