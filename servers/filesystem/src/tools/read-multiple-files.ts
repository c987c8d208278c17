import { isMcpKitError } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { mapLimited } from '../io/map-limited.js';
import { openFileForReading, type VerifiedFile } from '../paths/verified-open.js';
import { assertText, readTextSlice, withNote } from './read-text-file.js';

/** Files opened and read at once: enough to overlap I/O, few enough to spare descriptors. */
const CONCURRENCY = 8;
const MAX_PATHS = 50;

/**
 * Shares one byte budget among files: smallest first, each takes what it needs up to an
 * equal share of what is left, so small files come whole and the big ones split the rest.
 */
export function shareBudget(sizes: readonly number[], total: number): number[] {
  const budgets = new Array<number>(sizes.length).fill(0);
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  let left = total;
  order.forEach(({ size, index }, position) => {
    const share = Math.floor(left / (order.length - position));
    budgets[index] = Math.min(size, share);
    left -= budgets[index];
  });
  return budgets;
}

function messageOf(error: unknown, path: string): string {
  // Expected failures carry a message written for the model; anything else stays vague.
  return isMcpKitError(error) ? error.message : `${path} could not be read.`;
}

type Opened = { file: VerifiedFile } | { error: string };

interface FileResult {
  path: string;
  content?: string;
  error?: string;
  truncated: boolean;
  nextOffset?: number;
  note?: string;
}

export const readMultipleFiles = defineFilesystemTool({
  name: 'read_multiple_files',
  title: 'Read several text files',
  description:
    'Reads up to 50 text files at once. A file that fails (missing, outside, binary) gets its own error; the rest are still read. One size limit covers the whole answer; cut files give the read_text_file offset to go on from.',
  toolset: 'files',
  input: z.strictObject({ paths: z.array(z.string()).min(1).max(MAX_PATHS) }),
  output: z.object({
    files: z.array(
      z.object({
        path: z.string(),
        content: z.string().optional(),
        error: z.string().optional(),
        truncated: z.boolean(),
        nextOffset: z.number().optional(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ paths }, ctx) {
    const { limits } = ctx.app;
    const guard = await ctx.app.guardFor(ctx);
    // Open everything first: the sizes decide how the byte budget is shared.
    const opened = await mapLimited(paths, CONCURRENCY, async (path): Promise<Opened> => {
      try {
        const target = await guard.resolve(path);
        const file = await openFileForReading(guard, target.real, path);
        try {
          // Checked now so a binary file takes no share of the budget.
          await assertText(file.handle, path);
          return { file };
        } catch (error) {
          await file.handle.close();
          throw error;
        }
      } catch (error) {
        return { error: messageOf(error, path) };
      }
    });
    let results: FileResult[];
    try {
      const sizes = opened.map((entry) => ('file' in entry ? entry.file.info.size : 0));
      const budgets = shareBudget(sizes, limits.maxReadBytes);
      results = await mapLimited(opened, CONCURRENCY, async (entry, index): Promise<FileResult> => {
        const path = paths[index] as string;
        if ('error' in entry) return { path, error: entry.error, truncated: false };
        try {
          const slice = await readTextSlice(
            entry.file.handle,
            entry.file.info.size,
            path,
            { from: 'start', offset: 1, limit: limits.maxReadLines, capped: true },
            { maxBytes: budgets[index] ?? 0, signal: ctx.signal, continueWith: 'read_text_file ' },
          );
          return {
            path,
            content: slice.content,
            truncated: slice.truncated,
            ...(slice.nextOffset !== undefined && { nextOffset: slice.nextOffset }),
            ...(slice.note !== undefined && { note: slice.note }),
          };
        } catch (error) {
          ctx.signal.throwIfAborted();
          return { path, error: messageOf(error, path), truncated: false };
        }
      });
    } finally {
      await Promise.all(opened.map((entry) => ('file' in entry ? entry.file.handle.close().catch(() => {}) : undefined)));
    }
    const text = results
      .map((file) =>
        file.error !== undefined ? `${file.path}: Error - ${file.error}` : `${file.path}:\n${withNote(file.content ?? '', file.note)}`,
      )
      .join('\n---\n');
    return { text, data: { files: results.map(({ note: _note, ...file }) => file) } };
  },
});
