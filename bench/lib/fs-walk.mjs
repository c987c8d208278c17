import * as fmt from './format.mjs';
import { generateTree } from './fs-fixtures.mjs';
import { info, judge, ratioAtMost, ratioRow } from './goals.mjs';
import { readPeakRssKb, startSession } from './processes.mjs';
import { filesystemServer, referenceFilesystemServer, referenceFilesystemVersion } from './servers.mjs';
import { ratio } from './stats.mjs';
import { interleave, timeEach } from './timing.mjs';

// Raised far past the tree's size, so mcpkit-filesystem walks all of it like the reference
// (which has no limits) instead of stopping at its default 10,000 entries or 20 s.
export const UNCAPPED = ['--max-entries', '1000000', '--walk-timeout-ms', '600000'];

const PATTERN = '**/*.ts';
const EXCLUDE = '**/dist';

const countNodes = (nodes) => nodes.reduce((n, node) => n + 1 + (node.children ? countNodes(node.children) : 0), 0);

/**
 * How many results an answer holds, read the way each server answers: the reference puts
 * everything in one text (newline-separated paths; pretty-printed JSON for the tree), ours
 * has records in `structuredContent` and says when it cut them — which must not happen here.
 */
const COUNT = {
  search_files: {
    ours: ({ structuredContent: data }) => {
      if (data.truncated) throw new Error('mcpkit-filesystem cut its search_files answer; raise its limits further');
      return data.matches.length;
    },
    reference: ({ content }) => (content[0].text === 'No matches found' ? 0 : content[0].text.split('\n').length),
  },
  directory_tree: {
    ours: ({ structuredContent: data }) => {
      if (data.truncated) throw new Error(`mcpkit-filesystem cut its directory_tree answer (${data.reason}); raise its limits further`);
      const counted = countNodes(data.tree);
      if (counted !== data.entries) throw new Error(`mcpkit-filesystem's tree holds ${counted} nodes but says ${data.entries} entries`);
      return counted;
    },
    reference: ({ content }) => countNodes(JSON.parse(content[0].text)),
  },
};

/**
 * One tool on both servers, in a fresh pair of processes (so each one's peak RSS belongs to
 * this tool alone): a checked call each — same non-zero count — then rounds of one timed
 * call per server, the order rotating. Returns the times, the count and each peak RSS.
 */
async function measureTool(tool, args, { root, rounds, tracker }) {
  const servers = {
    ours: await startSession(filesystemServer([root], { options: UNCAPPED }), tracker),
    reference: await startSession(referenceFilesystemServer([root]), tracker),
  };
  try {
    const counts = {};
    const bytes = {};
    for (const [name, server] of Object.entries(servers)) {
      const answer = await server.call(tool, args);
      counts[name] = COUNT[tool][name](answer);
      bytes[name] = Buffer.byteLength(JSON.stringify(answer));
    }
    if (counts.ours !== counts.reference || counts.ours === 0) {
      throw new Error(
        `${tool}: mcpkit-filesystem returned ${counts.ours} entries, the reference ${counts.reference}; the bench expects the same, non-zero count.`,
      );
    }
    const { samples, rounds: done } = await interleave({
      rounds,
      subjects: Object.entries(servers).map(([name, server]) => ({ name, run: () => timeEach(1, () => server.call(tool, args)) })),
    });
    const peakKb = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, readPeakRssKb(server.pid)]));
    return { samples, done, count: counts.ours, bytes, peakKb };
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  }
}

/**
 * search_files and directory_tree over a generated monorepo-shaped tree, mcpkit-filesystem
 * against the reference server, with the same arguments and the same results.
 */
export async function runFsWalk({ tracker, quick }) {
  const files = quick ? 5_000 : 100_000;
  const rounds = quick ? 3 : 7;
  const root = tracker.scratchDir('tree');
  const tree = generateTree(root, { files });

  const measured = {
    search: await measureTool('search_files', { path: root, pattern: PATTERN, excludePatterns: [EXCLUDE] }, { root, rounds, tracker }),
    tree: await measureTool('directory_tree', { path: root, excludePatterns: [EXCLUDE] }, { root, rounds, tracker }),
  };

  const timeRow = (measure, m, goal) =>
    ratioRow({ measure, candidateSamples: m.samples.ours, baselineSamples: m.samples.reference, format: fmt.elapsed, goal });
  const rssRow = (measure, m) => ({
    measure,
    candidate: fmt.mb(m.peakKb.ours),
    baseline: fmt.mb(m.peakKb.reference),
    ratio: fmt.ratio(ratio(m.peakKb.ours, m.peakKb.reference)),
    goal: info.text,
    result: judge(info, {}),
    iterations: '1 + 1 (whole run)',
  });
  // One call per server per round, so each round gives one ratio: how steady it is under the machine's noise.
  const perRound = (m) => m.samples.ours.map((ours, i) => (ours / m.samples.reference[i]).toFixed(2)).join(', ');
  const answer = (m) => `${fmt.bytes(m.bytes.ours)} from mcpkit-filesystem, ${fmt.bytes(m.bytes.reference)} from the reference`;

  return {
    title: `6. search_files and directory_tree on ${fmt.int(files)} files`,
    baselineLabel: `reference server-filesystem ${referenceFilesystemVersion()}`,
    how: `A tree of ${fmt.int(files)} files in ${fmt.int(tree.dirs)} directories is generated once from a seeded PRNG (took ${(tree.ms / 1000).toFixed(1)} s) and reused by every round: a monorepo with \`packages/<name>/\` holding \`src/\`, \`test/\` and a \`dist/\` build output (half the files; sources in a dozen languages, so few are TypeScript), a \`node_modules/\` of installed packages (four tenths; a fifth scoped, a sixth with a nested \`node_modules/\`), and \`docs/\`; most files sit 5–7 levels below the root (3–10 in all), directories hold about 10–20 entries. Each tool runs on a fresh pair of servers over stdio with the tree as the allowed directory: mcpkit-filesystem (started with \`${UNCAPPED.join(' ')}\` so it walks as far as the reference, which has no limits) and the reference \`@modelcontextprotocol/server-filesystem\`. The calls are \`search_files {pattern: "${PATTERN}", excludePatterns: ["${EXCLUDE}"]}\` and \`directory_tree {excludePatterns: ["${EXCLUDE}"]}\` on the tree's root. A first, untimed call on each server checks that both return the same non-zero number of results (counted from the reference's text — paths, or the nodes of its JSON tree — and from our \`structuredContent\`, which must not be cut), and warms the page cache; then ${measured.search.done} rounds of one timed call per server, the order rotating. Times are from request to parsed answer over raw JSON-RPC (no SDK client), medians. Peak RSS is \`VmHWM\` from \`/proc/<pid>/status\` of each server process after its rounds (the pair serves one tool only).`,
    rows: [
      timeRow(
        `search_files \`${PATTERN}\`, exclude \`${EXCLUDE}\` (${fmt.int(measured.search.count)} matches)`,
        measured.search,
        ratioAtMost(0.5),
      ),
      timeRow(`directory_tree, exclude \`${EXCLUDE}\` (${fmt.int(measured.tree.count)} entries)`, measured.tree, ratioAtMost(0.5)),
      rssRow('peak RSS serving search_files', measured.search),
      rssRow('peak RSS serving directory_tree', measured.tree),
    ],
    notes: [
      `mcpkit-filesystem ÷ reference per round: search_files ${perRound(measured.search)}; directory_tree ${perRound(measured.tree)}.`,
      `Answer sizes (the JSON-RPC result): search_files ${answer(measured.search)}; directory_tree ${answer(measured.tree)}.`,
    ],
  };
}
