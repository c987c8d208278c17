import { it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from './sqlite/migrations.js';
it('probe', () => {
  for (const variant of ['full', 'nofts', 'noidx']) {
    const db = new Database(':memory:');
    migrate(db);
    if (variant !== 'full') db.exec('DROP TRIGGER tasks_fts_insert');
    if (variant === 'noidx') for (const n of ['tasks_by_updated','tasks_by_project_status','tasks_by_assignee_status','tasks_by_status','tasks_by_priority','tasks_by_due','tasks_by_parent']) db.exec(`DROP INDEX ${n}`);
    const ins = db.prepare(`INSERT INTO tasks (title, description, status, priority, assignee, project, labels, due_date, parent_id, created_at, updated_at, completed_at, created_by, version) VALUES (?, ?, 'todo', 2, ?, ?, '[]', ?, NULL, ?, ?, NULL, 'x', 1) RETURNING *`);
    const lab = db.prepare('INSERT INTO task_labels (task_id, label) VALUES (?, ?)');
    const act = db.prepare('INSERT INTO activity (task_id, actor, action, changes, at) VALUES (?, ?, ?, ?, ?)');
    const t = performance.now();
    db.transaction(() => {
      for (let i = 0; i < 100000; i++) {
        const r = ins.get(`Task ${i} database login`, `About crash and cache number ${i}.`, `user-${i % 9}`, `proj-${i % 10}`, '2026-01-02', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z') as { id: number };
        lab.run(r.id, `label-${i % 13}`); lab.run(r.id, `label-${(i * 5) % 13}x`);
        act.run(r.id, 'x', 'create', JSON.stringify({ title: 'Task', status: 'todo', priority: 'low', assignee: 'u', project: 'p', labels: ['a'], dueDate: null, parentId: null }), '2026');
      }
    })();
    console.error(variant, performance.now() - t);
  }
});
