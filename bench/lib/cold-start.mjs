import * as fmt from './format.mjs';
import { info, ratioAtMost, ratioRow } from './goals.mjs';
import { INITIALIZE, spawnJsonRpc } from './processes.mjs';
import { bareEchoServer, coreEchoServer, tasksServer } from './servers.mjs';
import { interleave, msSince, now, withTimeout } from './timing.mjs';

/** One spawn: ms until `initialize` is answered, and until `tools/list` is answered. */
export async function coldStart(spec, tracker) {
  const start = now();
  const session = spawnJsonRpc(spec, tracker);
  try {
    await withTimeout(session.request('initialize', INITIALIZE), 15_000, `${spec.name} initialize`);
    const initialize = msSince(start);
    session.notify('notifications/initialized');
    await withTimeout(session.request('tools/list'), 15_000, `${spec.name} tools/list`);
    return { initialize, toolsList: msSince(start) };
  } finally {
    await session.close();
  }
}

/**
 * Cold start over stdio: spawn → `initialize` answered (and → `tools/list` answered), for
 * mcpkit-tasks on a fresh database each time, core-echo, and the bare SDK server.
 */
export async function runColdStart({ tracker, quick }) {
  const rounds = quick ? 4 : 15;
  let db = 0;
  const specs = {
    tasks: () => tasksServer(tracker.path(`cold-${db++}.db`)),
    core: () => coreEchoServer(),
    bare: () => bareEchoServer(),
  };
  // One untimed start of each first, so every timed one finds the files in the page cache.
  for (const make of Object.values(specs)) await coldStart(make(), tracker);

  const { samples, rounds: done } = await interleave({
    rounds,
    subjects: Object.entries(specs).map(([name, make]) => ({ name, run: async () => [await coldStart(make(), tracker)] })),
  });
  const row = (measure, candidateName, field, goal) =>
    ratioRow({
      measure,
      candidateSamples: samples[candidateName].map((s) => s[field]),
      baselineSamples: samples.bare.map((s) => s[field]),
      format: (value) => fmt.ms(value, 1),
      goal,
    });

  return {
    title: '1. Cold start over stdio',
    baselineLabel: 'bare SDK server',
    how: `Each sample spawns \`node <server>\` with a pipe for stdin/stdout, immediately writes an \`initialize\` request (protocol 2025-06-18) and times until its response line arrives; then sends \`notifications/initialized\` and \`tools/list\` and times until that answer too (both from the spawn). Raw newline-delimited JSON-RPC, no SDK client in the way. mcpkit-tasks gets a fresh SQLite file each time (so it creates and migrates the database on every start). The three servers are started in rotating order (tasks, core-echo, bare; then core-echo, bare, tasks; …), ${done} rounds, after one untimed start of each to warm the page cache; each process is ended (stdin closed) before the next starts. Figures are medians; ratios are candidate median ÷ bare SDK median.`,
    rows: [
      row('mcpkit-tasks: spawn → initialize answered', 'tasks', 'initialize', ratioAtMost(2, 'proposed')),
      row('mcpkit-tasks: spawn → tools/list answered', 'tasks', 'toolsList', info),
      row('core-echo: spawn → initialize answered', 'core', 'initialize', ratioAtMost(1.5, 'proposed')),
      row('core-echo: spawn → tools/list answered', 'core', 'toolsList', info),
    ],
  };
}
