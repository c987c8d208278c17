import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import { conflict, invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { applyEdits } from '../io/apply-edits.js';
import { writeFileAtomically } from '../io/atomic-write.js';
import { fencedDiff, unifiedDiff } from '../io/unified-diff.js';
import { lstatEntry } from '../paths/directory-entry.js';
import { openFileForReading } from '../paths/verified-open.js';

/** Largest file edited in memory; beyond it an edit is more likely a mistake than a need. */
const MAX_EDIT_BYTES = 32 * 1024 * 1024;

export const editFile = defineFilesystemTool({
  name: 'edit_file',
  title: 'Edit a file',
  description:
    'Replaces exact text in a file. Each oldText must match once, else nothing is written; edits apply in order. Keeps line endings and indentation. Returns a diff; dryRun previews.',
  toolset: 'files',
  input: z.strictObject({
    path: z.string(),
    edits: z
      .array(z.strictObject({ oldText: z.string().describe('Exact text, unique in the file'), newText: z.string() }))
      .min(1)
      .max(100),
    dryRun: z.boolean().default(false).describe('Only show the diff'),
  }),
  output: z.object({ path: z.string(), diff: z.string(), editsApplied: z.number(), dryRun: z.boolean(), changed: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ path, edits, dryRun }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const { handle, info } = await openFileForReading(guard, target.real, path);
    let bytes: Buffer;
    try {
      if (info.size > MAX_EDIT_BYTES) {
        throw invalidInput(`${path} is ${info.size.toLocaleString('en-US')} bytes; edit_file edits files up to 32 MiB.`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    // Decoding bytes that are not UTF-8 and writing them back would corrupt them for good.
    if (!isUtf8(bytes)) throw invalidInput(`${path} is not UTF-8 text, so edit_file leaves it alone (it would corrupt it).`);
    const before = bytes.toString('utf8');
    const after = applyEdits(before, edits);
    const changed = after !== before;
    const { diff, truncated, totalBytes, skipped } = unifiedDiff(path, before, after, ctx.app.limits.maxReadBytes);
    if (changed && !dryRun) {
      // Someone else's write between our read and our write would be silently undone.
      const now = await lstatEntry(target.real, path);
      if (!now || !sameFile(now, info)) {
        throw conflict(`${path} changed while it was being edited, so nothing was written. Read it again and redo the edit.`);
      }
      await writeFileAtomically(guard, target.real, after, path);
    }
    const count = `${edits.length} edit${edits.length === 1 ? '' : 's'}`;
    const head = !changed
      ? `No change: the ${count} leave ${path} as it was${dryRun ? '' : '; nothing was written'}.`
      : dryRun
        ? `Dry run: ${count} would change ${path}; nothing was written.`
        : `Edited ${path}: ${count} applied.`;
    const cut = skipped
      ? ''
      : truncated
        ? `\nThe diff is cut at ${ctx.app.limits.maxReadBytes.toLocaleString('en-US')} of ${totalBytes.toLocaleString('en-US')} bytes${dryRun ? '' : '; the edit was applied in full'}. Read the file to see the rest.`
        : '';
    const shown = skipped
      ? `${skipped}${dryRun ? '' : ' The edit was applied in full.'} Read the file to check it.`
      : `${fencedDiff(diff)}${cut}`;
    return {
      text: changed ? `${head}\n${shown}` : head,
      data: { path: target.real, diff, editsApplied: edits.length, dryRun, changed },
    };
  },
});

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
