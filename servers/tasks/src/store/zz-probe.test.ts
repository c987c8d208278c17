import { it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, readdirSync, statSync } from 'node:fs';
it('probe', () => {
  const dirs = readdirSync('/tmp').filter((d) => d.startsWith('p-')).map((d) => `/tmp/${d}/x.db`).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const limit of [0, 400, 1000, 10000]) {
    copyFileSync(dirs[0]!, '/tmp/probe-copy.db');
    const db = new Database('/tmp/probe-copy.db');
    db.exec('DELETE FROM sqlite_stat1');
    db.pragma(`analysis_limit = ${limit}`);
    let t = performance.now();
    db.exec('ANALYZE');
    const an = performance.now() - t;
    const time = (sql: string, ...p: unknown[]) => { const s = db.prepare(sql); s.all(...p); const t = performance.now(); for (let k = 0; k < 20; k++) s.all(...p); return ((performance.now() - t) / 20).toFixed(2); };
    const L = `t.id IN (SELECT task_id FROM task_labels WHERE label = ?) AND t.priority IN (?)`;
    const F = `t.project = ? AND t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)`;
    console.error('limit', limit, 'analyze ms', an.toFixed(1),
      'label page', time(`SELECT t.* FROM tasks t WHERE ${L} ORDER BY t.updated_at DESC, t.id DESC LIMIT 21`, 'label-4', 4),
      'label count', time(`SELECT COUNT(*) FROM tasks t WHERE ${L}`, 'label-4', 4),
      'fts page', time(`SELECT t.* FROM tasks t WHERE ${F} ORDER BY t.updated_at DESC, t.id DESC LIMIT 21`, 'proj-1', '"cache" "crash"'),
      'fts count', time(`SELECT COUNT(*) FROM tasks t WHERE ${F}`, 'proj-1', '"cache" "crash"'),
      'unassigned prio', time(`SELECT t.* FROM tasks t WHERE t.assignee IS NULL AND t.status IN (?) ORDER BY t.priority DESC, t.id ASC LIMIT 21`, 'todo'));
    db.close();
  }
});
