import * as fmt from './format.mjs';
import { info, judge, ratioAtMost } from './goals.mjs';
import { startSession } from './processes.mjs';
import { filesystemServer, referenceFilesystemServer, referenceFilesystemVersion } from './servers.mjs';
import { ratio, sum } from './stats.mjs';

/** Each tool's size as the client receives it: the bytes of its JSON in the `tools/list` answer, and of its output schema. */
async function toolSizes(spec, tracker) {
  const session = await startSession(spec, tracker);
  try {
    const { tools } = await session.request('tools/list');
    const size = (value) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
    return new Map(tools.map((tool) => [tool.name, { bytes: size(tool), output: size(tool.outputSchema) }]));
  } finally {
    await session.close();
  }
}

/**
 * What the tool definitions cost a model's context: the bytes of `tools/list` per tool,
 * mcpkit-filesystem against the reference, over the tools both have. Deterministic, so one
 * listing each is the measurement.
 */
export async function runFsContextCost({ tracker }) {
  const dir = tracker.scratchDir('context');
  const ours = await toolSizes(filesystemServer([dir]), tracker);
  const reference = await toolSizes(referenceFilesystemServer([dir]), tracker);
  const shared = [...reference.keys()].filter((name) => ours.has(name));
  if (shared.length === 0) throw new Error('mcpkit-filesystem lists none of the reference server’s tools');
  const extra = [...ours.keys()].filter((name) => !reference.has(name));
  const missing = [...reference.keys()].filter((name) => !ours.has(name));

  const bytesOf = (sizes, names = [...sizes.keys()]) => sum(names.map((name) => sizes.get(name).bytes));
  const outputOf = (sizes, names) => sum(names.map((name) => sizes.get(name).output));
  const sharedOurs = bytesOf(ours, shared);
  const sharedReference = bytesOf(reference, shared);
  const averageOurs = sharedOurs / shared.length;
  const averageReference = sharedReference / shared.length;
  const averageRatio = ratio(averageOurs, averageReference);
  const goal = ratioAtMost(0.5);
  const allOurs = bytesOf(ours);
  const allReference = bytesOf(reference);
  const infoRow = (measure, candidate, baseline, r, iterations) => ({
    measure,
    candidate,
    baseline,
    ratio: r,
    goal: info.text,
    result: judge(info, {}),
    iterations,
  });

  const bytesCell = (sizes, name) => `${fmt.bytes(sizes.get(name).bytes)} (${fmt.bytes(sizes.get(name).output)})`;
  const perTool = [
    '| Tool | mcpkit-filesystem (of which output schema) | Reference (of which output schema) | Ratio |',
    '| --- | --- | --- | --- |',
    ...shared.map(
      (name) =>
        `| \`${name}\` | ${bytesCell(ours, name)} | ${bytesCell(reference, name)} | ${fmt.ratio(ratio(ours.get(name).bytes, reference.get(name).bytes))} |`,
    ),
    ...extra.map((name) => `| \`${name}\` (ours only) | ${bytesCell(ours, name)} | — | — |`),
    ...missing.map((name) => `| \`${name}\` (reference only) | — | ${bytesCell(reference, name)} | — |`),
  ].join('\n');

  return {
    title: '10. Filesystem tools/list context cost',
    baselineLabel: `reference server-filesystem ${referenceFilesystemVersion()}`,
    how: `Each server is started over stdio (mcpkit-filesystem with default options — every toolset on — but for the raised rate limits) and asked \`tools/list\` once after an \`initialize\` at protocol 2025-06-18; a tool's cost is the UTF-8 bytes of its JSON object in that answer (name, title, description, input and output schemas, annotations — what a host hands the model, give or take the output schema). The listing is deterministic, so one each is the measurement; no median is needed. The goal compares the average per tool over the ${shared.length} tools both servers have (by name); totals follow for information, ours with the tools only it has.`,
    rows: [
      {
        measure: `average bytes per tool, the ${shared.length} shared tools`,
        candidate: fmt.bytes(Math.round(averageOurs)),
        baseline: fmt.bytes(Math.round(averageReference)),
        ratio: fmt.ratio(averageRatio),
        goal: goal.text,
        result: judge(goal, { ratio: averageRatio }),
        iterations: '1 + 1',
      },
      infoRow(
        `total bytes, the ${shared.length} shared tools`,
        fmt.bytes(sharedOurs),
        fmt.bytes(sharedReference),
        fmt.ratio(ratio(sharedOurs, sharedReference)),
        '1 + 1',
      ),
      infoRow(
        `total bytes, every tool listed (ours ${ours.size}, reference ${reference.size})`,
        fmt.bytes(allOurs),
        fmt.bytes(allReference),
        fmt.ratio(ratio(allOurs, allReference)),
        '1 + 1',
      ),
    ],
    notes: [
      perTool,
      `Output schemas are ${fmt.bytes(outputOf(ours, shared))} of our ${fmt.bytes(sharedOurs)} for the shared tools, ${fmt.bytes(outputOf(reference, shared))} of the reference's ${fmt.bytes(sharedReference)}.`,
      extra.length > 0
        ? `Only in mcpkit-filesystem: ${extra.map((name) => `\`${name}\``).join(', ')}.`
        : 'mcpkit-filesystem lists no tools of its own.',
      ...(missing.length > 0 ? [`Not (yet) in mcpkit-filesystem: ${missing.map((name) => `\`${name}\``).join(', ')}.`] : []),
    ],
  };
}
