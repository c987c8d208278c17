import * as fmt from './format.mjs';
import { infoRow, judge } from './goals.mjs';
import { ratio, sum } from './stats.mjs';

const size = (value) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Each tool's size as the client receives it: the bytes of its JSON in the `tools/list` answer, and of its output schema. */
export async function listedToolSizes(session) {
  const { tools } = await session.request('tools/list');
  return new Map(tools.map((tool) => [tool.name, { bytes: size(tool), output: size(tool.outputSchema) }]));
}

/**
 * Two `tools/list` answers side by side, over the tools both have by name: the report rows
 * (the average per tool against a goal, the totals for information), the per-tool table and
 * the notes every context-cost benchmark prints. `name` is ours ("mcpkit-github").
 */
export function compareListings(ours, reference, name) {
  const shared = [...reference.keys()].filter((tool) => ours.has(tool));
  if (shared.length === 0) throw new Error(`${name} lists none of the reference server’s tools`);
  const extra = [...ours.keys()].filter((tool) => !reference.has(tool));
  const missing = [...reference.keys()].filter((tool) => !ours.has(tool));
  const bytesOf = (sizes, names = [...sizes.keys()]) => sum(names.map((tool) => sizes.get(tool).bytes));
  const outputOf = (sizes, names) => sum(names.map((tool) => sizes.get(tool).output));
  const sharedOurs = bytesOf(ours, shared);
  const sharedReference = bytesOf(reference, shared);
  const averageOurs = sharedOurs / shared.length;
  const averageReference = sharedReference / shared.length;

  const bytesCell = (sizes, tool) => `${fmt.bytes(sizes.get(tool).bytes)} (${fmt.bytes(sizes.get(tool).output)})`;
  const perTool = [
    `| Tool | ${name} (of which output schema) | Reference (of which output schema) | Ratio |`,
    '| --- | --- | --- | --- |',
    ...shared.map(
      (tool) =>
        `| \`${tool}\` | ${bytesCell(ours, tool)} | ${bytesCell(reference, tool)} | ${fmt.ratio(ratio(ours.get(tool).bytes, reference.get(tool).bytes))} |`,
    ),
    ...extra.map((tool) => `| \`${tool}\` (ours only) | ${bytesCell(ours, tool)} | — | — |`),
    ...missing.map((tool) => `| \`${tool}\` (reference only) | — | ${bytesCell(reference, tool)} | — |`),
  ].join('\n');
  const notes = [
    perTool,
    `Output schemas are ${fmt.bytes(outputOf(ours, shared))} of our ${fmt.bytes(sharedOurs)} for the shared tools, ${fmt.bytes(outputOf(reference, shared))} of the reference's ${fmt.bytes(sharedReference)}.`,
    extra.length > 0 ? `Only in ${name}: ${extra.map((tool) => `\`${tool}\``).join(', ')}.` : `${name} lists no tools of its own.`,
    ...(missing.length > 0 ? [`Not (yet) in ${name}: ${missing.map((tool) => `\`${tool}\``).join(', ')}.`] : []),
  ];
  const averageRatio = ratio(averageOurs, averageReference);
  const allOurs = bytesOf(ours);
  const allReference = bytesOf(reference);
  return {
    shared,
    /** The average per tool over the shared tools, judged against `goal`. */
    averageRow: (measure, goal) => ({
      measure,
      candidate: fmt.bytes(Math.round(averageOurs)),
      baseline: fmt.bytes(Math.round(averageReference)),
      ratio: fmt.ratio(averageRatio),
      goal: goal.text,
      result: judge(goal, { ratio: averageRatio }),
      iterations: '1 + 1',
    }),
    /** Total `what` (e.g. "bytes") of the shared tools and of every tool each lists, for information. */
    totalRows: (what) => [
      infoRow(
        `total ${what}, the ${shared.length} shared tools`,
        fmt.bytes(sharedOurs),
        fmt.bytes(sharedReference),
        fmt.ratio(ratio(sharedOurs, sharedReference)),
        '1 + 1',
      ),
      infoRow(
        `total ${what}, every tool listed (ours ${ours.size}, reference ${reference.size})`,
        fmt.bytes(allOurs),
        fmt.bytes(allReference),
        fmt.ratio(ratio(allOurs, allReference)),
        '1 + 1',
      ),
    ],
    notes,
  };
}
