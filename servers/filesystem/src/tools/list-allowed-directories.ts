import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';

export const listAllowedDirectories = defineFilesystemTool({
  name: 'list_allowed_directories',
  title: 'List allowed directories',
  description:
    'The directories this server may touch; everything beneath them is reachable, nothing else. Relative paths start from the first one.',
  toolset: 'files',
  input: z.strictObject({}),
  output: z.object({
    directories: z.array(z.object({ path: z.string().describe('As configured'), realPath: z.string().describe('With symlinks resolved') })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(_args, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const directories = guard.directories.map((d) => ({ path: d.given, realPath: d.real }));
    const text =
      directories.length === 0
        ? 'No directories are allowed yet: start the server with directories as arguments, or offer roots from the client.'
        : `Allowed directories:\n${directories.map((d) => d.path + (d.realPath !== d.path ? ` (really ${d.realPath})` : '')).join('\n')}`;
    return { text, data: { directories } };
  },
});
