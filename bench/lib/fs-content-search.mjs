import * as fmt from './format.mjs';
import { freeBytes, GIB, generateCorpus, MIB } from './fs-fixtures.mjs';
import { UNCAPPED } from './fs-walk.mjs';
import { below, info, judge } from './goals.mjs';
import { readPeakRssKb, readRssKb, runCommand, startSession } from './processes.mjs';
import { filesystemServer } from './servers.mjs';
import { median, ratio } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

// Not in the generator's vocabulary, so it occurs only where planted.
const NEEDLE = 'quasar-7731';
const REGEX = 'quasar-[0-9]{4}';
// What the disk must have free before a gigabyte is written; a smoke run needs far less.
const FREE_NEEDED = { full: 5 * GIB, quick: 512 * MIB };
const RSS_GROWTH_MIB = 64;

/**
 * How many matching lines a search_content answer holds (one needle per line, so lines =
 * matches), after checking it searched every file and cut nothing.
 */
function countOurs({ structuredContent: data }, files) {
  if (data.truncated) throw new Error('mcpkit-filesystem cut its search_content answer; raise its limits further');
  if (data.filesSearched !== files || data.filesSkipped !== 0) {
    throw new Error(`mcpkit-filesystem searched ${data.filesSearched} files and skipped ${data.filesSkipped}; the corpus has ${files}`);
  }
  return data.matches.length;
}

/** GNU grep over the same tree, the same way a person would: recursive, the output counted in lines. */
async function grep(flags, pattern, root, tracker) {
  // C locale: byte matching, grep's fastest; the corpus is ASCII, so the answers are the same.
  const { code, stdout } = await runCommand('grep', 'grep', ['-r', ...flags, pattern, root], tracker, {
    env: { PATH: process.env.PATH, LC_ALL: 'C' },
  });
  if (code !== 0) throw new Error(`grep ${flags.join(' ')} exited with ${code}: ${tracker.logTail('grep')}`);
  return stdout.trimEnd().split('\n').length;
}

/**
 * search_content over a generated corpus of text files, literal and regex, for a string
 * planted a few times, side by side with GNU grep over the same files; and how much memory
 * the server needs for it.
 */
export async function runFsContentSearch({ tracker, quick }) {
  const title = `7. Content search over ${quick ? '32 MiB' : '1 GiB'} of text`;
  const free = freeBytes(tracker.dir);
  const needed = quick ? FREE_NEEDED.quick : FREE_NEEDED.full;
  if (free < needed) {
    return {
      title,
      skipped: `only ${fmt.mib(free)} free in ${tracker.dir}; this benchmark writes a corpus and wants ${fmt.mib(needed)} free first.`,
    };
  }
  const files = quick ? 32 : 1024;
  const plants = quick ? 4 : 12;
  const rounds = quick ? 3 : 7;
  const root = tracker.scratchDir('corpus');
  const corpus = generateCorpus(root, { files, fileBytes: MIB, needle: NEEDLE, plants });

  // Two servers: regex searches run in a worker thread, so their memory is reported apart
  // from the literal searches' (a process's peak RSS only ever rises).
  const servers = {
    literal: await startSession(filesystemServer([root], { name: 'mcpkit-filesystem-literal', options: UNCAPPED }), tracker),
    regex: await startSession(filesystemServer([root], { name: 'mcpkit-filesystem-regex', options: UNCAPPED }), tracker),
  };
  const maxResults = 1000;
  // grep matches case-sensitively unless told -i, search_content the other way round: each
  // pair below does the same work, and the case-insensitive pair is search_content's default.
  const search = (server, args) => async () => countOurs(await server.call('search_content', { path: root, maxResults, ...args }), files);
  const searches = {
    literal: search(servers.literal, { query: NEEDLE, caseSensitive: true }),
    regex: search(servers.regex, { query: REGEX, regex: true, caseSensitive: true }),
    insensitive: search(servers.literal, { query: NEEDLE }),
    grepF: () => grep(['-F'], NEEDLE, root, tracker),
    grepE: () => grep(['-E'], REGEX, root, tracker),
    grepFi: () => grep(['-F', '-i'], NEEDLE, root, tracker),
  };
  const idleKb = { literal: readRssKb(servers.literal.pid), regex: readRssKb(servers.regex.pid) };
  // The check doubles as the warm-up: every file is read once by each side before timing.
  const counts = {};
  for (const [name, run] of Object.entries(searches)) counts[name] = await run();
  for (const [name, count] of Object.entries(counts)) {
    if (count !== corpus.plants) throw new Error(`${name} found ${count} matching lines; ${corpus.plants} were planted.`);
  }
  const { samples, rounds: done } = await interleave({
    rounds,
    subjects: Object.entries(searches).map(([name, search]) => ({ name, run: () => timeEach(1, search) })),
  });
  const peakKb = { literal: readPeakRssKb(servers.literal.pid), regex: readPeakRssKb(servers.regex.pid) };
  const grepVersion = (await runCommand('grep', 'grep', ['--version'], tracker, { env: { PATH: process.env.PATH } })).stdout
    .split('\n')[0]
    .replace(/^grep \(GNU grep\) /, '');
  await Promise.all([servers.literal.close(), servers.regex.close()]);

  const searchRow = (measure, ours, grepName) => {
    const candidate = median(samples[ours]);
    const baseline = median(samples[grepName]);
    return {
      measure,
      candidate: `${fmt.elapsed(candidate)} (${fmt.mibPerSecond(corpus.bytes, candidate)})`,
      baseline: `${fmt.elapsed(baseline)} (${fmt.mibPerSecond(corpus.bytes, baseline)})`,
      ratio: fmt.ratio(ratio(candidate, baseline)),
      goal: info.text,
      result: judge(info, {}),
      iterations: `${samples[ours].length} + ${samples[grepName].length}`,
    };
  };
  const rssGoal = below(RSS_GROWTH_MIB, 'MiB growth', 'proposed');
  const rssRow = (measure, name, searchCount) => {
    const growthMib = (peakKb[name] - idleKb[name]) / 1024;
    return {
      measure,
      candidate: `${fmt.mb(peakKb[name])} (+${growthMib.toFixed(1)} MiB over ${fmt.mb(idleKb[name])} before)`,
      baseline: '—',
      ratio: '—',
      goal: rssGoal.text,
      result: judge(rssGoal, { candidate: growthMib }),
      iterations: `${searchCount} searches`,
    };
  };

  return {
    title,
    baselineLabel: 'GNU grep -r',
    how: `${fmt.int(files)} text files of 1 MiB (${fmt.mib(corpus.bytes)} in all, lines of 20–120 characters from a fixed vocabulary, 50 files to a directory) are generated once (took ${(corpus.ms / 1000).toFixed(1)} s), with the string \`${NEEDLE}\` planted on one line of ${corpus.plants} of them and nowhere else. mcpkit-filesystem runs over stdio with the corpus as its allowed directory (started with \`${UNCAPPED.join(' ')}\`; two processes, one for the literal searches, one for the regex ones, whose scanning runs in a worker thread, so each kind's memory shows apart), and is asked \`search_content {query: "${NEEDLE}", caseSensitive: true}\` (literal), \`{query: "${REGEX}", regex: true, caseSensitive: true}\`, and \`{query: "${NEEDLE}"}\` (its default: case-insensitive), \`maxResults\` ${maxResults}. The point of comparison is GNU grep ${grepVersion} on the same tree from the bench — \`grep -r -F\`, \`grep -r -E\` and \`grep -r -F -i\` with the same patterns, so each pair does the same work — with \`LC_ALL=C\` (its fastest mode), timed from spawn to exit. A first, untimed run of each checks that all six find exactly the ${corpus.plants} planted lines (and that search_content searched all ${fmt.int(files)} files and cut nothing) and leaves the corpus in the page cache, so every timed run reads from memory: these are CPU figures, not disk ones. Then ${done} rounds of one run of each, the order rotating. Throughput is the corpus size over the median time. The reference server has no content search, hence grep. Memory: \`VmRSS\` of each server process before its first search and \`VmHWM\` (peak) after its last.`,
    rows: [
      searchRow(`search_content literal "${NEEDLE}" (${corpus.plants} matches)`, 'literal', 'grepF'),
      searchRow(`search_content regex /${REGEX}/ (${corpus.plants} matches)`, 'regex', 'grepE'),
      searchRow(`search_content literal, case-insensitive (its default) vs \`grep -i\``, 'insensitive', 'grepFi'),
      rssRow('mcpkit-filesystem peak RSS, literal searches (both kinds)', 'literal', (done + 1) * 2),
      rssRow('mcpkit-filesystem peak RSS, regex searches (worker thread)', 'regex', done + 1),
    ],
  };
}
