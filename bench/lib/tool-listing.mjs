import * as fmt from './format.mjs';
import { infoRow, judge } from './goals.mjs';
import { ratio, sum } from './stats.mjs';

const size = (value) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/**
 * Each tool's size as the client receives it: the bytes of its JSON in the `tools/list` answer,
 * of its output schema, and of the part a host hands the model as the tool's definition (name,
 * description, input schema: all that the Anthropic and OpenAI tool APIs take; title,
 * annotations and output schema serve the host).
 */
export async function listedToolSizes(session) {
  const { tools } = await session.request('tools/list');
  return new Map(
    tools.map((tool) => [
      tool.name,
      {
        bytes: size(tool),
        output: size(tool.outputSchema),
        model: size({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }),
      },
    ]),
  );
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
  const allOurs = bytesOf(ours);
  const allReference = bytesOf(reference);
  const modelOf = (sizes, names) => sum(names.map((tool) => sizes.get(tool).model)) / names.length;
  const row = (measure, goal, candidate, baseline) => ({
    measure,
    candidate: fmt.bytes(Math.round(candidate)),
    baseline: fmt.bytes(Math.round(baseline)),
    ratio: fmt.ratio(ratio(candidate, baseline)),
    goal: goal.text,
    result: judge(goal, { ratio: ratio(candidate, baseline) }),
    iterations: '1 + 1',
  });
  return {
    shared,
    /** The average per tool over the shared tools, judged against `goal`. */
    averageRow: (measure, goal) => row(measure, goal, averageOurs, averageReference),
    /** The average per tool over each server's whole listing, judged against `goal`. */
    wholeRow: (measure, goal) => row(measure, goal, allOurs / ours.size, allReference / reference.size),
    /** The average model-facing bytes (name, description, input schema) per shared tool, judged against `goal`. */
    modelRow: (measure, goal) => row(measure, goal, modelOf(ours, shared), modelOf(reference, shared)),
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
