import { coldStart } from './cold-start.mjs';
import * as fmt from './format.mjs';
import { ratioAtMost, ratioRow } from './goals.mjs';
import { filesystemServer, referenceFilesystemServer, referenceFilesystemVersion } from './servers.mjs';
import { interleave } from './timing.mjs';

/**
 * Cold start over stdio of mcpkit-filesystem against the reference filesystem server, both
 * on the same (empty) allowed directory: spawn → `initialize` answered, and → `tools/list` answered.
 */
export async function runFsColdStart({ tracker, quick }) {
  const rounds = quick ? 4 : 15;
  const dir = tracker.scratchDir('cold');
  const specs = {
    ours: () => filesystemServer([dir]),
    reference: () => referenceFilesystemServer([dir]),
  };
  // One untimed start of each first, so every timed one finds the files in the page cache.
  for (const make of Object.values(specs)) await coldStart(make(), tracker);
  const { samples, rounds: done } = await interleave({
    rounds,
    subjects: Object.entries(specs).map(([name, make]) => ({ name, run: async () => [await coldStart(make(), tracker)] })),
  });

  const row = (measure, field) =>
    ratioRow({
      measure,
      candidateSamples: samples.ours.map((s) => s[field]),
      baselineSamples: samples.reference.map((s) => s[field]),
      format: (value) => fmt.ms(value, 1),
      goal: ratioAtMost(1),
    });

  return {
    title: '9. Filesystem cold start over stdio',
    baselineLabel: `reference server-filesystem ${referenceFilesystemVersion()}`,
    how: `As benchmark 1: each sample spawns \`node <server> <dir>\` (one empty allowed directory; mcpkit-filesystem with default options but for the raised rate limits every bench server gets) with a pipe for stdin/stdout, writes \`initialize\` (protocol 2025-06-18, no client capabilities, so neither server asks for roots) and times until its answer arrives, then sends \`notifications/initialized\` and \`tools/list\` and times until that answer too, both from the spawn. Raw newline-delimited JSON-RPC. mcpkit-filesystem and the reference \`@modelcontextprotocol/server-filesystem\` (run from its package, \`node dist/index.js\`) alternate, the order rotating, ${done} rounds after one untimed start of each; each process is ended before the next starts. Medians; ratio = mcpkit-filesystem ÷ reference.`,
    rows: [
      row('mcpkit-filesystem: spawn → initialize answered', 'initialize'),
      row('mcpkit-filesystem: spawn → tools/list answered', 'toolsList'),
    ],
  };
}
