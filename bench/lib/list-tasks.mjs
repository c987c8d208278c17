import * as fmt from './format.mjs';
import { judge, medianBelowMs } from './goals.mjs';
import { seedTasks } from './seed.mjs';
import { connectClient, tasksServer } from './servers.mjs';
import { median, percentile, ratio } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

const STORE_MODULE = new URL('../../servers/tasks/dist/store/sqlite/sqlite-task-store.js', import.meta.url).href;

/** The filter combinations measured: the tool, its arguments (the store takes the same object). */
const QUERIES = [
  { label: 'status + assignee', tool: 'list_tasks', args: { status: ['todo', 'in_progress'], assignee: 'alice' } },
  { label: 'project + priority', tool: 'list_tasks', args: { project: 'apollo', priority: 'urgent' } },
  { label: 'label', tool: 'list_tasks', args: { label: 'bug' } },
  { label: 'dueBefore, sort by due', tool: 'list_tasks', args: { dueBefore: '2025-01-31', sort: 'due' } },
  { label: 'text "database"', tool: 'search_tasks', args: { query: 'database' } },
  { label: 'text "login timeout" + status', tool: 'search_tasks', args: { query: 'login timeout', status: 'todo' } },
];

/**
 * list_tasks / search_tasks on a seeded backlog: each query over MCP (mcpkit-tasks over
 * stdio) against the same query on the store directly, in the bench process, on the same
 * file — the difference is what the protocol and the server's chain add.
 */
export async function runListTasks({ tracker, quick }) {
  const count = quick ? 20_000 : 100_000;
  const batchSize = 5000;
  const rounds = quick ? 3 : 10;
  const block = quick ? 5 : 20;
  const warmup = quick ? 5 : 20;

  const { openSqliteTaskStore } = await import(STORE_MODULE);
  const dbPath = tracker.path('backlog.db');
  const store = await openSqliteTaskStore({ path: dbPath });
  tracker.onCleanup(() => store.close());
  const seedMs = await seedTasks(store, { count, batchSize });
  const server = await connectClient(tasksServer(dbPath), tracker);

  const rows = [];
  const totals = [];
  for (const query of QUERIES) {
    const viaMcp = async () => {
      const result = await server.call(query.tool, query.args);
      return result.structuredContent.total;
    };
    const viaStore = async () => (await store.listTasks(query.args)).total;
    const [mcpTotal, storeTotal] = [await viaMcp(), await viaStore()];
    if (mcpTotal !== storeTotal || mcpTotal === 0) {
      throw new Error(`${query.label}: MCP found ${mcpTotal} tasks, the store ${storeTotal}; the bench expects the same, non-zero count.`);
    }
    totals.push(`${query.label}: ${fmt.int(mcpTotal)}`);
    await timeEach(warmup, viaMcp);
    await timeEach(warmup, viaStore);
    const { samples, rounds: done } = await interleave({
      rounds,
      minRounds: 2,
      budgetMs: quick ? 5_000 : 20_000,
      subjects: [
        { name: 'mcp', run: () => timeEach(block, viaMcp) },
        { name: 'store', run: () => timeEach(block, viaStore) },
      ],
    });
    const candidate = median(samples.mcp);
    const baseline = median(samples.store);
    const r = ratio(candidate, baseline);
    const goal = medianBelowMs(10);
    rows.push({
      measure: `\`${query.tool}\` ${query.label} (${fmt.int(mcpTotal)} match)`,
      candidate: `${fmt.ms(candidate)} (p99 ${fmt.ms(percentile(samples.mcp, 0.99))})`,
      baseline: `${fmt.ms(baseline)} (p99 ${fmt.ms(percentile(samples.store, 0.99))})`,
      ratio: fmt.ratio(r),
      goal: goal.text,
      result: judge(goal, { candidate, ratio: r }),
      iterations: `${done * block} + ${done * block}`,
    });
  }

  return {
    title: `4. list_tasks with filters on ${fmt.int(count)} tasks`,
    candidateLabel: 'over MCP',
    baselineLabel: 'store.listTasks direct',
    how: `A fresh SQLite file is seeded with ${fmt.int(count)} tasks through the store's own \`createTasks\`, in transactions of ${fmt.int(batchSize)} (took ${(seedMs / 1000).toFixed(1)} s): 12 projects, 20 assignees (15% unassigned), weighted statuses and priorities, 0–3 of 15 labels, due dates over two years (30% none), titles and descriptions from a fixed vocabulary, all from a seeded PRNG. mcpkit-tasks is then started on that file and driven through one SDK client over stdio; the bench process also keeps the store open on the same file (WAL mode: readers do not block each other). For each query: one call each way to check both agree on a non-zero total, ${warmup} untimed calls each way, then up to ${rounds} rounds alternating a block of ${block} MCP calls with a block of ${block} direct \`store.listTasks\` calls (order rotating per round; a query stops early after 2 rounds once past its time budget). Default page: 20 tasks with the total count, default sort (updated) unless given. The candidate is the MCP round trip, the baseline the store alone; the ratio is what the protocol, validation and chain multiply it by. Goal: MCP median under 10 ms.`,
    rows,
  };
}
