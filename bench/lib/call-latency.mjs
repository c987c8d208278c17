import * as fmt from './format.mjs';
import { info, judge, ratioAtMost } from './goals.mjs';
import { bareEchoServer, connectClient, coreEchoServer, tasksServer } from './servers.mjs';
import { median, percentile, ratio } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

/**
 * Per-call latency over stdio through one long-lived SDK client per server: the echo tool
 * on core-echo against the same tool on the bare SDK server (core's chain overhead), and
 * get_task on mcpkit-tasks (a real read, with SQLite) for information.
 */
export async function runCallLatency({ tracker, quick }) {
  const warmup = quick ? 50 : 200;
  const block = quick ? 100 : 200;
  const rounds = quick ? 2 : 10;

  const [bare, core, tasks] = await Promise.all([
    connectClient(bareEchoServer(), tracker),
    connectClient(coreEchoServer(), tracker),
    connectClient(tasksServer(tracker.path('latency.db')), tracker),
  ]);
  const created = await tasks.call('create_task', {
    title: 'Benchmark target',
    description: 'The task get_task reads during the latency benchmark.',
    project: 'bench',
    labels: ['bench'],
    assignee: 'alice',
  });
  const taskId = created.structuredContent.id;
  const echoArgs = { message: 'hello, benchmark' };
  const calls = {
    core: () => core.call('echo', echoArgs),
    bare: () => bare.call('echo', echoArgs),
    tasks: () => tasks.call('get_task', { id: taskId }),
  };
  for (const call of Object.values(calls)) await timeEach(warmup, call);
  const subjects = Object.entries(calls).map(([name, call]) => ({ name, run: () => timeEach(block, call) }));
  const { samples, rounds: done } = await interleave({ subjects, rounds });

  // Per round, core's block median over bare's: how steady the ratio is under the machine's noise.
  const perRound = [];
  for (let r = 0; r < done; r++) {
    const slice = (name) => samples[name].slice(r * block, (r + 1) * block);
    perRound.push(median(slice('core')) / median(slice('bare')));
  }

  const bareMedian = median(samples.bare);
  const cell = (values) => `${fmt.us(median(values))} (p99 ${fmt.us(percentile(values, 0.99))})`;
  const row = (measure, name, goal) => {
    const candidate = median(samples[name]);
    const r = ratio(candidate, bareMedian);
    return {
      measure,
      candidate: cell(samples[name]),
      baseline: cell(samples.bare),
      ratio: fmt.ratio(r),
      goal: goal.text,
      result: judge(goal, { candidate, ratio: r }),
      iterations: `${fmt.int(samples[name].length)} + ${fmt.int(samples.bare.length)}`,
    };
  };

  return {
    title: '2. Per-call latency over stdio',
    baselineLabel: 'bare SDK echo',
    how: `One long-lived client per server: the SDK v2 \`Client\` over \`StdioClientTransport\` (its default negotiation, i.e. the legacy 2025-era \`initialize\` handshake), all three servers running at once. Each client first makes ${warmup} untimed calls (which also loads tools/list for output validation). Then ${done} rounds of blocks of ${block} sequential calls per server, the order rotating each round (core, bare, tasks; bare, tasks, core; …). Each sample is one \`client.callTool\` round trip timed with \`process.hrtime.bigint()\`: client serialisation, the pipe both ways, the server's work, and the client's check of \`structuredContent\` against the output schema — the same for both echo servers, which advertise identical schemas. core-echo and mcpkit-tasks run with core's default log level (info: one JSON line per call to stderr, here a file) and with the rate limits raised so they never refuse (the limiter still runs). Ratios: candidate median ÷ bare SDK echo median. get_task reads one task with its subtasks, dependencies, comments and activity (four more queries), so it is information, not chain overhead.`,
    rows: [
      row('core-echo `echo` (full core chain)', 'core', ratioAtMost(1.1)),
      row('mcpkit-tasks `get_task` (existing id)', 'tasks', info),
    ],
    notes: [`core-echo ÷ bare per round (block medians): ${perRound.map((v) => v.toFixed(2)).join(', ')}.`],
  };
}
