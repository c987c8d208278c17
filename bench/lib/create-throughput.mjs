import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import * as fmt from './format.mjs';
import { atLeast, info, judge } from './goals.mjs';
import { connectClient, tasksServer } from './servers.mjs';
import { median, percentile, ratio, sum } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

const STORE_MODULE = new URL('../../servers/tasks/dist/store/sqlite/sqlite-task-store.js', import.meta.url).href;
const PROJECTS = ['apollo', 'billing', 'growth', 'infra'];
const FSYNC_BLOCK = 10;

function newTask(i) {
  return {
    title: `Benchmark task ${i}`,
    description: 'Created by the create_task throughput benchmark.',
    priority: i % 5 === 0 ? 'high' : 'medium',
    assignee: i % 3 === 0 ? null : 'alice',
    project: PROJECTS[i % PROJECTS.length],
    labels: i % 2 === 0 ? ['bench'] : ['bench', 'backend'],
    dueDate: '2026-06-30',
  };
}

/** Times `count` 4 kB appends + fsync to `path`: what one durable commit costs this disk at least. */
function timeFsyncs(path, count) {
  const fd = openSync(path, 'a');
  const page = Buffer.alloc(4096, 1);
  const times = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint();
      writeSync(fd, page);
      fsyncSync(fd);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    closeSync(fd);
  }
  return times;
}

/**
 * Sequential create_task over stdio against the same writes through the store in-process,
 * each on its own fresh file. Both fsync every commit (the store opens SQLite with
 * `synchronous = FULL`), so the floor is the disk's fsync, which is measured alongside.
 */
export async function runCreateThroughput({ tracker, quick }) {
  const block = quick ? 50 : 100;
  const rounds = quick ? 2 : 20;
  const budgetMs = quick ? 2_000 : 10_000;

  const { openSqliteTaskStore } = await import(STORE_MODULE);
  const store = await openSqliteTaskStore({ path: tracker.path('create-direct.db') });
  tracker.onCleanup(() => store.close());
  const server = await connectClient(tasksServer(tracker.path('create-mcp.db')), tracker);

  const fsyncProbe = tracker.path('fsync-probe.bin');
  let mcpIndex = 0;
  let storeIndex = 0;
  const viaMcp = () => server.call('create_task', newTask(mcpIndex++));
  const viaStore = () => store.createTask(newTask(storeIndex++), { actor: 'bench' });
  await timeEach(20, viaMcp);
  await timeEach(20, viaStore);
  const { samples, rounds: done } = await interleave({
    rounds,
    minRounds: 2,
    budgetMs,
    subjects: [
      { name: 'mcp', run: () => timeEach(block, viaMcp) },
      { name: 'store', run: () => timeEach(block, viaStore) },
      // The disk is shared and its fsync time swings with other jobs, so it is sampled in
      // the same rounds: a smaller block, enough for a median.
      { name: 'fsync', run: async () => timeFsyncs(fsyncProbe, FSYNC_BLOCK) },
    ],
  });
  const fsyncMs = median(samples.fsync);

  const perSecond = (times) => times.length / (sum(times) / 1000);
  const mcpRate = perSecond(samples.mcp);
  const storeRate = perSecond(samples.store);
  const mcpMedian = median(samples.mcp);
  const storeMedian = median(samples.store);
  const iterations = `${fmt.int(samples.mcp.length)} + ${fmt.int(samples.store.length)}`;
  const rateGoal = atLeast(100, 'calls/s', 'proposed');
  const latencyRatio = ratio(mcpMedian, storeMedian);

  return {
    title: '5. create_task throughput over stdio',
    candidateLabel: 'over MCP',
    baselineLabel: 'store.createTask direct',
    how: `mcpkit-tasks on a fresh database, driven by one SDK client over stdio, makes \`create_task\` calls one after another (each waits for the previous answer; varied projects, assignees, labels, a due date). Interleaved with it, the bench process calls \`store.createTask\` with the same inputs on a second fresh file in the same directory. After 20 untimed writes each way, up to ${rounds} rounds of ${block} writes per side (order rotating, stopping after ${budgetMs / 1000} s of the whole run once 2 rounds are done). Throughput = writes ÷ the summed time of those writes. **Every write is durable**: the store opens SQLite in WAL mode with \`synchronous = FULL\`, so each commit fsyncs the WAL before the call returns; on this disk one 4 kB append + \`fsync\` of a plain file in the same directory takes ${fmt.ms(fsyncMs)} (median of ${samples.fsync.length}, sampled in the same rounds), the floor under both sides. Each create also writes its activity entry, labels and full-text index rows in the same transaction.`,
    rows: [
      {
        measure: 'create_task throughput (writes ÷ summed time)',
        candidate: `${fmt.int(mcpRate)} calls/s`,
        baseline: `${fmt.int(storeRate)} calls/s`,
        ratio: fmt.ratio(ratio(mcpRate, storeRate)),
        goal: rateGoal.text,
        result: judge(rateGoal, { candidate: mcpRate }),
        iterations,
      },
      {
        measure: 'create_task latency',
        candidate: `${fmt.ms(mcpMedian)} (p99 ${fmt.ms(percentile(samples.mcp, 0.99))})`,
        baseline: `${fmt.ms(storeMedian)} (p99 ${fmt.ms(percentile(samples.store, 0.99))})`,
        ratio: fmt.ratio(latencyRatio),
        goal: info.text,
        result: judge(info, {}),
        iterations,
      },
      {
        measure: 'disk: 4 kB append + fsync (floor)',
        candidate: fmt.ms(fsyncMs),
        baseline: '—',
        ratio: '—',
        goal: info.text,
        result: '—',
        iterations: String(samples.fsync.length),
      },
    ],
    notes: [`Throughput ratio is candidate ÷ baseline, so below 1 means MCP is slower; ${done} rounds ran.`],
  };
}
