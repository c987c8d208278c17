#!/usr/bin/env node
// The mcpkit benchmark harness: `node bench/run.mjs [--quick] [--only 1,3] [--out FILE]`.
//
// Runs each benchmark against a baseline measured side by side, prints a summary and, for
// a full run, writes bench/RESULTS.md. `--quick` is a smoke run (fewer iterations, smaller
// data) that writes no file unless `--out` is given. `--only` picks benchmarks by number.
// Needs the built servers (turbo run build); 6–10 compare mcpkit-filesystem with the
// reference filesystem server, a root devDependency, and 7–8 write about 1 GiB each to the
// temp dir (skipped when under 5 GiB is free); 11 runs mcpkit-weather against the fake
// Open-Meteo and NWS servers of the test harness (packages/testing, built) on loopback; 12
// compares mcpkit-github's tools/list with the archived reference GitHub server's (a root
// devDependency, asked for its listing only) and its results with the raw REST JSON of the
// test harness's fake GitHub.
// Everything runs on stdio, loopback and temp files; every process and fake server the bench
// starts is ended and every generated file removed before it exits, even on error.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCallLatency } from './lib/call-latency.mjs';
import { runColdStart } from './lib/cold-start.mjs';
import { runCreateThroughput } from './lib/create-throughput.mjs';
import { runFsColdStart } from './lib/fs-cold-start.mjs';
import { runFsContentSearch } from './lib/fs-content-search.mjs';
import { runFsContextCost } from './lib/fs-context-cost.mjs';
import { runFsHeadTail } from './lib/fs-head-tail.mjs';
import { runFsWalk } from './lib/fs-walk.mjs';
import { runGithubContextCost } from './lib/github-context-cost.mjs';
import { runIdleRss } from './lib/idle-rss.mjs';
import { runListTasks } from './lib/list-tasks.mjs';
import { createTracker } from './lib/processes.mjs';
import { machineInfo, renderMarkdown, renderSummary } from './lib/report.mjs';
import { assertBuilt } from './lib/servers.mjs';
import { msSince, now } from './lib/timing.mjs';
import { runWeatherCache } from './lib/weather-cache.mjs';

const BENCHMARKS = [
  { id: 1, name: 'cold start', run: runColdStart },
  { id: 2, name: 'per-call latency', run: runCallLatency },
  { id: 3, name: 'idle RSS', run: runIdleRss },
  { id: 4, name: 'list_tasks on a large backlog', run: runListTasks },
  { id: 5, name: 'create_task throughput', run: runCreateThroughput },
  { id: 6, name: 'filesystem: search_files and directory_tree', run: runFsWalk },
  { id: 7, name: 'filesystem: content search over 1 GiB', run: runFsContentSearch },
  { id: 8, name: 'filesystem: head/tail of a 1 GiB file', run: runFsHeadTail },
  { id: 9, name: 'filesystem: cold start', run: runFsColdStart },
  { id: 10, name: 'filesystem: tools/list context cost', run: runFsContextCost },
  { id: 11, name: 'weather: cached vs uncached under a realistic mix', run: runWeatherCache },
  { id: 12, name: 'GitHub: context cost', run: runGithubContextCost },
];

const DEFAULT_OUT = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

async function main() {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } },
  });
  const quick = values.quick;
  const only = values.only ? new Set(values.only.split(',').map(Number)) : undefined;
  const out = values.out ?? (quick || only ? undefined : DEFAULT_OUT);
  assertBuilt();

  // The tracker of the benchmark running now, so a signal can end its processes at once.
  let current;
  const onSignal = (signal) => {
    process.stderr.write(`\nbench: ${signal}: killing the servers it started\n`);
    current?.abort();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const machine = machineInfo();
  const started = now();
  const sections = [];
  let failed = false;
  for (const bench of BENCHMARKS) {
    if (only && !only.has(bench.id)) continue;
    process.stderr.write(`bench: ${bench.id}. ${bench.name}${quick ? ' (quick)' : ''}…\n`);
    const tracker = createTracker();
    current = tracker;
    const benchStarted = now();
    let ok = false;
    try {
      sections.push(await bench.run({ tracker, quick }));
      ok = true;
    } catch (error) {
      failed = true;
      sections.push({ title: `${bench.id}. ${bench.name}`, error: error instanceof Error ? error.message : String(error) });
      process.stderr.write(
        `bench: ${bench.name} failed: ${error instanceof Error ? error.stack : error}\nbench: server logs kept in ${tracker.dir}\n`,
      );
    } finally {
      await tracker.dispose({ keep: !ok });
      current = undefined;
    }
    process.stderr.write(`bench: ${bench.name} done in ${(msSince(benchStarted) / 1000).toFixed(1)} s\n`);
  }

  const elapsedMs = msSince(started);
  const loadAfter = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  process.stdout.write(
    `${renderSummary(sections)}\n\nTotal ${(elapsedMs / 1000).toFixed(1)} s on ${machine.cpu}, node ${machine.node}, load ${machine.load} → ${loadAfter}\n`,
  );
  if (out) {
    writeFileSync(out, renderMarkdown({ machine, sections, quick, elapsedMs, loadAfter }));
    process.stdout.write(`Wrote ${out}\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
