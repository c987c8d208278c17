import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { type ByteSource, type LineWindow, looksBinary, readLinesBackward, readLinesForward } from '../io/line-reader.js';
import { openFileForReading } from '../paths/verified-open.js';

/** Lines `offset…` (1-based), at most `limit` of them. */
export interface RangeRequest {
  from: 'start';
  offset: number;
  limit: number;
  /** The limit is the server's line cap, not the caller's choice: stopping there is a cut. */
  capped: boolean;
}

/** Which lines to read: a range from the start, or the last `lines` ones. */
export type LineRequest = RangeRequest | { from: 'end'; lines: number };

/** One text read, ready for a reply. */
export interface TextSlice {
  content: string;
  startLine: number;
  endLine: number;
  totalLines?: number;
  truncated: boolean;
  nextOffset?: number;
  /** Set when truncated: one line telling the model how to go on. */
  note?: string;
}

const count = (n: number) => n.toLocaleString('en-US');

function cutNote(window: LineWindow, request: LineRequest, size: number, maxBytes: number, continueWith: string): string {
  if (request.from === 'end') {
    return window.longLineCut
      ? `[only the last ${count(window.endByte - window.startByte)} bytes of the last line fit the ${count(maxBytes)}-byte limit]`
      : `[cut to the last ${count(window.endLine - window.startLine + 1)} of ${count(request.lines)} lines to fit the ${count(maxBytes)}-byte limit]`;
  }
  const next = window.endLine + 1;
  if (window.longLineCut) {
    return `[line ${count(window.endLine)} is longer than ${count(maxBytes)} bytes and was cut; continue with ${continueWith}offset=${next}]`;
  }
  return `[cut at line ${count(window.endLine)}, byte ${count(window.endByte)} of ${count(size)}; continue with ${continueWith}offset=${next}]`;
}

/** Refuses a file that looks binary, pointing at the tool that reads it. */
export async function assertText(source: ByteSource, requested: string): Promise<void> {
  if (await looksBinary(source)) {
    throw invalidInput(
      `${requested} looks like a binary file (it contains NUL bytes), so it is not read as text. Use read_media_file for it.`,
    );
  }
}

/**
 * Reads the requested lines of an open text file (checked with `assertText` first) within
 * a byte budget. Refuses offsets past the end. `continueWith` prefixes the offset in the
 * cut note (read_multiple_files points at read_text_file).
 */
export async function readTextSlice(
  source: ByteSource,
  size: number,
  requested: string,
  request: LineRequest,
  options: { maxBytes: number; signal?: AbortSignal; continueWith?: string },
): Promise<TextSlice> {
  const { maxBytes, signal, continueWith = '' } = options;
  const window =
    request.from === 'end'
      ? await readLinesBackward(source, size, { lines: request.lines, maxBytes, ...(signal && { signal }) })
      : await readLinesForward(source, { startLine: request.offset, maxLines: request.limit, maxBytes, ...(signal && { signal }) });
  if (request.from === 'start' && window.totalLines !== undefined && request.offset > Math.max(1, window.totalLines)) {
    throw invalidInput(
      `offset ${request.offset} is past the end of ${requested}, which has ${count(window.totalLines)} line(s). Use a smaller offset, or tail for the last lines.`,
    );
  }
  const truncated = window.stoppedBy === 'bytes' || (request.from === 'start' && window.stoppedBy === 'count' && request.capped);
  return {
    content: window.text,
    startLine: window.startLine,
    endLine: window.endLine,
    ...(window.totalLines !== undefined && { totalLines: window.totalLines }),
    truncated,
    ...(request.from === 'start' && window.more && { nextOffset: window.endLine + 1 }),
    ...(truncated && { note: cutNote(window, request, size, maxBytes, continueWith) }),
  };
}

/** The content followed by its cut note, on a line of its own. */
export function withNote(content: string, note: string | undefined): string {
  if (note === undefined) return content;
  return content === '' || content.endsWith('\n') ? content + note : `${content}\n${note}`;
}

const MAX_LINES = 1_000_000;

const readTextFileDefinition = {
  toolset: 'files',
  input: z.strictObject({
    path: z.string(),
    head: z.number().int().min(1).max(MAX_LINES).optional().describe('First N lines'),
    tail: z.number().int().min(1).max(MAX_LINES).optional().describe('Last N lines'),
    offset: z.number().int().min(1).max(1_000_000_000).optional().describe('First line, 1-based'),
    limit: z.number().int().min(1).max(MAX_LINES).optional(),
  }),
  output: z.object({
    path: z.string(),
    content: z.string(),
    startLine: z.number(),
    endLine: z.number(),
    totalLines: z.number().optional(),
    truncated: z.boolean(),
    nextOffset: z.number().optional(),
    size: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
} as const;

export const readTextFile = defineFilesystemTool({
  name: 'read_text_file',
  title: 'Read a text file',
  description:
    'Reads a text file. Page long files with offset and limit, or use head/tail. A read over the size limit is cut at a line, with a note giving the next offset. Binary files: read_media_file.',
  ...readTextFileDefinition,
  async handler({ path, head, tail, offset, limit }, ctx) {
    if (head !== undefined && tail !== undefined) {
      throw invalidInput('Give head or tail, not both: head reads the first N lines, tail the last N.');
    }
    if (tail !== undefined && (offset !== undefined || limit !== undefined)) {
      throw invalidInput(
        'tail cannot be combined with offset or limit: tail counts from the end. Use offset and limit for a range from the start.',
      );
    }
    if (head !== undefined && limit !== undefined) throw invalidInput('head and limit both say how many lines to read; give only one.');
    const { limits } = ctx.app;
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const { handle, info } = await openFileForReading(guard, target.real, path);
    try {
      await assertText(handle, path);
      const lines = head ?? limit;
      const request: LineRequest =
        tail !== undefined
          ? { from: 'end', lines: tail }
          : { from: 'start', offset: offset ?? 1, limit: lines ?? limits.maxReadLines, capped: lines === undefined };
      const { note, ...slice } = await readTextSlice(handle, info.size, path, request, {
        maxBytes: limits.maxReadBytes,
        signal: ctx.signal,
      });
      const text = slice.totalLines === 0 ? '[the file is empty]' : withNote(slice.content, note);
      return { text, data: { path, ...slice, size: info.size } };
    } finally {
      await handle.close();
    }
  },
});

/**
 * The reference server's old name. Same arguments and answer; it declares only the
 * `content` field the reference promised, which keeps a deprecated tool cheap to list.
 */
export const readFile = defineFilesystemTool({
  name: 'read_file',
  title: 'Read a text file (deprecated)',
  description: 'Deprecated: use read_text_file (same arguments).',
  toolset: readTextFileDefinition.toolset,
  input: readTextFileDefinition.input,
  output: z.object({ content: z.string() }),
  annotations: readTextFileDefinition.annotations,
  handler: readTextFile.handler,
});
