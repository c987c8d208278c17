import type { Readable } from 'node:stream';

/** The outcome of reading a body under a byte limit. */
export type BodyBytes = { tooLarge: false; bytes: Buffer } | { tooLarge: true; bytes: Buffer };

/**
 * Reads a response body, stopping at `limit` bytes. Past the limit the stream is
 * destroyed (which also frees the connection) and what was read so far is returned with
 * `tooLarge`, so the caller decides whether that is an error or enough to summarise.
 */
export async function readBodyLimited(body: Readable, limit: number, declaredLength: number | undefined): Promise<BodyBytes> {
  if (declaredLength !== undefined && declaredLength > limit) {
    discard(body);
    return { tooLarge: true, bytes: Buffer.alloc(0) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (size + buffer.length > limit) {
      chunks.push(buffer.subarray(0, limit - size));
      discard(body);
      return { tooLarge: true, bytes: Buffer.concat(chunks) };
    }
    size += buffer.length;
    chunks.push(buffer);
  }
  return { tooLarge: false, bytes: Buffer.concat(chunks) };
}

/** Drops an unread body; undici reports that as an abort error, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** JSON media types: `application/json` and the `+json` family (geo+json, problem+json). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || media.endsWith('+json') || media === 'text/json';
}

export function isHtmlContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'text/html' || media === 'application/xhtml+xml';
}

/**
 * Parses a body by its content type. Throws a `SyntaxError` for malformed JSON; an empty
 * JSON body is `null` (204s and some DELETEs send a JSON type with nothing in it).
 */
export function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  const text = bytes.toString('utf8');
  if (!isJsonContentType(contentType)) return text;
  if (text.trim() === '') return null;
  return JSON.parse(text) as unknown;
}
