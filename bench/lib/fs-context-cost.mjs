import { ratioAtMost } from './goals.mjs';
import { startSession } from './processes.mjs';
import { filesystemServer, referenceFilesystemServer, referenceFilesystemVersion } from './servers.mjs';
import { compareListings, listedToolSizes } from './tool-listing.mjs';

/** The listing of the server `spec` starts, by tool. */
async function toolSizes(spec, tracker) {
  const session = await startSession(spec, tracker);
  try {
    return await listedToolSizes(session);
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
  const { shared, averageRow, totalRows, notes } = compareListings(ours, reference, 'mcpkit-filesystem');
  const goal = ratioAtMost(0.5);

  return {
    title: '10. Filesystem tools/list context cost',
    baselineLabel: `reference server-filesystem ${referenceFilesystemVersion()}`,
    how: `Each server is started over stdio (mcpkit-filesystem with default options — every toolset on — but for the raised rate limits) and asked \`tools/list\` once after an \`initialize\` at protocol 2025-06-18; a tool's cost is the UTF-8 bytes of its JSON object in that answer (name, title, description, input and output schemas, annotations — what a host hands the model, give or take the output schema). The listing is deterministic, so one each is the measurement; no median is needed. The goal compares the average per tool over the ${shared.length} tools both servers have (by name); totals follow for information, ours with the tools only it has.`,
    rows: [averageRow(`average bytes per tool, the ${shared.length} shared tools`, goal), ...totalRows('bytes')],
    notes,
  };
}
