import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fmt from './format.mjs';
import { freeBytes, GIB, generateLargeTextFile, MIB } from './fs-fixtures.mjs';
import { below, info, judge } from './goals.mjs';
import { readPeakRssKb, startSession } from './processes.mjs';
import { filesystemServer, referenceFilesystemServer, referenceFilesystemVersion } from './servers.mjs';
import { median, percentile, ratio } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

const FIRST = 'FIRST LINE of the large file';
const LAST = 'LAST LINE of the large file';
const LINES = 10;
const FREE_NEEDED = { full: 5 * GIB, quick: 512 * MIB };
const RSS_GROWTH_MIB = 64;
const WARMUP = 20;

/**
 * Both servers answer `structuredContent.content` with the lines; checks they are the right
 * ones and returns how many came back. The reference's tail counts the empty string after a
 * file's last newline as a line, so its `tail: 10` holds 9: accepted, and reported.
 */
function checkAnswer(server, which, { structuredContent }) {
  const lines = structuredContent.content.replace(/\n$/, '').split('\n');
  const expected = which === 'head' ? FIRST : LAST;
  const edge = which === 'head' ? lines[0] : lines[lines.length - 1];
  const countOk = which === 'head' ? lines.length === LINES : lines.length === LINES || lines.length === LINES - 1;
  if (!countOk || edge !== expected) {
    throw new Error(
      `${server} ${which}: expected ${LINES} lines with "${expected}" at the edge, got ${lines.length} lines, edge "${edge}"`,
    );
  }
  return lines.length;
}

/**
 * read_text_file with head: 10 and tail: 10 on one large text file, mcpkit-filesystem against
 * the reference: the time of each call, and how far the server's peak RSS rises over them
 * (reading the whole file to find its last lines would show as a gigabyte).
 */
export async function runFsHeadTail({ tracker, quick }) {
  const title = `8. read_text_file head/tail of a ${quick ? '32 MiB' : '1 GiB'} file`;
  const free = freeBytes(tracker.dir);
  const needed = quick ? FREE_NEEDED.quick : FREE_NEEDED.full;
  if (free < needed) {
    return {
      title,
      skipped: `only ${fmt.mib(free)} free in ${tracker.dir}; this benchmark writes a large file and wants ${fmt.mib(needed)} free first.`,
    };
  }
  const rounds = quick ? 3 : 10;
  const block = quick ? 5 : 10;
  const dir = tracker.scratchDir('large-file');
  const large = join(dir, 'large.log');
  const small = join(dir, 'small.log');
  const file = generateLargeTextFile(large, { bytes: quick ? 32 * MIB : GIB, first: FIRST, last: LAST });
  writeFileSync(small, `${FIRST}\n${Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')}\n${LAST}\n`);

  const servers = {
    ours: await startSession(filesystemServer([dir]), tracker),
    reference: await startSession(referenceFilesystemServer([dir]), tracker),
  };
  const head = (server, path) => server.call('read_text_file', { path, head: LINES });
  const tail = (server, path) => server.call('read_text_file', { path, tail: LINES });
  // Warm both code paths on a small file first, so the growth measured below is the large file's, not the first call's.
  const peakBeforeKb = {};
  const tailLines = {};
  for (const [name, server] of Object.entries(servers)) {
    await timeEach(WARMUP, () => head(server, small));
    await timeEach(WARMUP, () => tail(server, small));
    peakBeforeKb[name] = readPeakRssKb(server.pid);
    checkAnswer(server.name, 'head', await head(server, large));
    tailLines[name] = checkAnswer(server.name, 'tail', await tail(server, large));
  }
  const subjects = [];
  for (const [name, server] of Object.entries(servers)) {
    subjects.push({ name: `${name}-head`, run: () => timeEach(block, () => head(server, large)) });
    subjects.push({ name: `${name}-tail`, run: () => timeEach(block, () => tail(server, large)) });
  }
  const { samples, rounds: done } = await interleave({ rounds, subjects });
  const growthKb = Object.fromEntries(
    Object.entries(servers).map(([name, server]) => [name, readPeakRssKb(server.pid) - peakBeforeKb[name]]),
  );
  await Promise.all(Object.values(servers).map((server) => server.close()));

  const cell = (values) => `${fmt.ms(median(values))} (p99 ${fmt.ms(percentile(values, 0.99))})`;
  const timeRow = (which) => {
    const ours = samples[`ours-${which}`];
    const reference = samples[`reference-${which}`];
    return {
      measure: `read_text_file \`${which}: ${LINES}\``,
      candidate: cell(ours),
      baseline: cell(reference),
      ratio: fmt.ratio(ratio(median(ours), median(reference))),
      goal: info.text,
      result: judge(info, {}),
      iterations: `${ours.length} + ${reference.length}`,
    };
  };
  const rssGoal = below(RSS_GROWTH_MIB, 'MiB', 'proposed');
  const growthMib = growthKb.ours / 1024;

  return {
    title,
    baselineLabel: `reference server-filesystem ${referenceFilesystemVersion()}`,
    how: `One text file of ${fmt.mib(file.bytes)} (lines of 20–120 characters; took ${(file.ms / 1000).toFixed(1)} s to write, so it sits in the page cache) is the allowed directory's content for both servers, each over stdio with default options (mcpkit-filesystem with the raised rate limits every bench server gets), driven by raw JSON-RPC. Each server first answers ${WARMUP} head and ${WARMUP} tail reads of a small file (warming the code paths), then the bench reads its \`VmHWM\` (peak RSS so far) from \`/proc/<pid>/status\`. One untimed head and tail each on the large file check that both return the first and the last lines (exactly ${LINES} for head; see the note below for tail). Then ${done} rounds, each with a block of ${block} \`head: ${LINES}\` calls and a block of ${block} \`tail: ${LINES}\` calls per server, the order rotating. Memory growth is \`VmHWM\` after the last call minus \`VmHWM\` before the large file was touched: a reader that holds the file shows it here.`,
    rows: [
      timeRow('head'),
      timeRow('tail'),
      {
        measure: 'peak RSS growth over the large-file reads (VmHWM after − before)',
        candidate: `${growthMib.toFixed(1)} MiB`,
        baseline: `${(growthKb.reference / 1024).toFixed(1)} MiB`,
        ratio: fmt.ratio(ratio(growthKb.ours, growthKb.reference)),
        goal: rssGoal.text,
        result: judge(rssGoal, { candidate: growthMib }),
        iterations: `${samples['ours-head'].length * 2 + 2} + ${samples['reference-head'].length * 2 + 2} calls`,
      },
    ],
    notes: [
      `\`tail: ${LINES}\` returned ${tailLines.ours} lines from mcpkit-filesystem and ${tailLines.reference} from the reference${tailLines.reference < LINES ? ' (it counts the empty string after the final newline as a line)' : ''}.`,
    ],
  };
}
