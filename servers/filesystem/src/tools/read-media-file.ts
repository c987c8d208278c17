import { pathToFileURL } from 'node:url';
import { conflict, invalidInput } from '@mcpkit/core';
import type { ContentBlock } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { detectMediaType, mediaKindOf } from '../io/media-types.js';
import { openFileForReading } from '../paths/verified-open.js';

/** A byte count as people read it: "12.5 MiB (13,107,200 bytes)". */
function describeSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 'bytes';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === 'bytes' ? `${bytes} bytes` : `${value.toFixed(1)} ${unit} (${bytes.toLocaleString('en-US')} bytes)`;
}

export const readMediaFile = defineFilesystemTool({
  name: 'read_media_file',
  title: 'Read an image, audio or binary file',
  description:
    'Returns a file as base64: images and audio as image/audio content, anything else as an embedded resource. The MIME type is checked against the file signature. Large files are refused.',
  toolset: 'files',
  input: z.strictObject({ path: z.string() }),
  output: z.object({
    path: z.string(),
    mimeType: z.string(),
    kind: z.enum(['image', 'audio', 'resource']),
    size: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ path }, ctx) {
    const { maxMediaBytes } = ctx.app.limits;
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const { handle, info } = await openFileForReading(guard, target.real, path);
    let bytes: Buffer;
    try {
      if (info.size > maxMediaBytes) {
        throw invalidInput(
          `${path} is ${describeSize(info.size)}, over the ${describeSize(maxMediaBytes)} limit for read_media_file (server option --max-media-bytes). Use get_file_info for its details instead.`,
        );
      }
      // Exactly the size seen at open: a file growing meanwhile cannot push the answer past the limit.
      bytes = Buffer.alloc(info.size);
      let filled = 0;
      while (filled < bytes.length) {
        ctx.signal.throwIfAborted();
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
        if (bytesRead === 0) throw conflict(`${path} got shorter while it was being read. Try again.`);
        filled += bytesRead;
      }
    } finally {
      await handle.close();
    }
    const mimeType = detectMediaType(target.real, bytes);
    const kind = mediaKindOf(mimeType);
    const data = bytes.toString('base64');
    const block: ContentBlock =
      kind === 'resource'
        ? { type: 'resource', resource: { uri: pathToFileURL(target.real).href, mimeType, blob: data } }
        : { type: kind, data, mimeType };
    return {
      text: `${path}: ${mimeType}, ${describeSize(info.size)}, as ${kind === 'resource' ? 'an embedded resource' : `${kind} content`}.`,
      data: { path, mimeType, kind, size: info.size },
      extraContent: [block],
    };
  },
});
