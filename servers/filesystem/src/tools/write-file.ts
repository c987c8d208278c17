import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { writeFileAtomically } from '../io/atomic-write.js';

export const writeFile = defineFilesystemTool({
  name: 'write_file',
  title: 'Write a file',
  description:
    'Creates a file or replaces all its content (UTF-8), atomically. Its directory must exist. To change part of a file use edit_file; to add to the end, append_file.',
  toolset: 'files',
  input: z.strictObject({ path: z.string(), content: z.string() }),
  output: z.object({ path: z.string(), bytes: z.number(), created: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async handler({ path, content }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const { created, bytes } = await writeFileAtomically(guard, target.real, content, path);
    return {
      text: `Wrote ${bytes.toLocaleString('en-US')} bytes to ${path} (${created ? 'new file' : 'replaced'}).`,
      data: { path: target.real, bytes, created },
    };
  },
});
