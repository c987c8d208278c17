import * as fmt from './format.mjs';
import { judge, ratioAtMost } from './goals.mjs';
import { readRssKb } from './processes.mjs';
import { bareEchoServer, connectClient, coreEchoServer, tasksServer } from './servers.mjs';
import { median, ratio } from './stats.mjs';
import { sleep } from './timing.mjs';

const SETTLE_MS = 1000;

/**
 * Idle resident memory: start each server, make one call, let it settle for a second,
 * read VmRSS. The three servers of a round run side by side (memory is per process, so
 * they do not skew each other) and are closed before the next round.
 */
export async function runIdleRss({ tracker, quick }) {
  const rounds = quick ? 2 : 5;
  const samples = { tasks: [], core: [], bare: [] };
  for (let round = 0; round < rounds; round++) {
    const [tasks, core, bare] = await Promise.all([
      connectClient(tasksServer(tracker.path(`rss-${round}.db`)), tracker),
      connectClient(coreEchoServer(), tracker),
      connectClient(bareEchoServer(), tracker),
    ]);
    await Promise.all([
      tasks.call('list_tasks', { limit: 1 }),
      core.call('echo', { message: 'hello' }),
      bare.call('echo', { message: 'hello' }),
    ]);
    await sleep(SETTLE_MS);
    samples.tasks.push(readRssKb(tasks.pid));
    samples.core.push(readRssKb(core.pid));
    samples.bare.push(readRssKb(bare.pid));
    await Promise.all([tasks.close(), core.close(), bare.close()]);
  }

  const bareMedian = median(samples.bare);
  const row = (measure, name, goal) => {
    const candidate = median(samples[name]);
    const r = ratio(candidate, bareMedian);
    return {
      measure,
      candidate: fmt.mb(candidate),
      baseline: fmt.mb(bareMedian),
      ratio: fmt.ratio(r),
      goal: goal.text,
      result: judge(goal, { candidate, ratio: r }),
      iterations: `${samples[name].length} + ${samples.bare.length}`,
    };
  };

  return {
    title: '3. Idle memory (RSS)',
    baselineLabel: 'bare SDK server',
    how: `Per round, mcpkit-tasks (fresh database), core-echo and the bare SDK server are started side by side through the SDK client over stdio, each answers one call (list_tasks with limit 1, or echo), then after ${SETTLE_MS / 1000} s idle the bench reads \`VmRSS\` from \`/proc/<pid>/status\` of each server process (the \`node\` process itself; no wrapper). ${rounds} rounds, a new set of processes each; medians; ratio = candidate ÷ bare SDK. No forced GC: this is what a freshly started, idle server holds.`,
    rows: [
      row('mcpkit-tasks after start + one call', 'tasks', ratioAtMost(2, 'proposed')),
      row('core-echo after start + one call', 'core', ratioAtMost(1.5, 'proposed')),
    ],
  };
}
