/**
 * The end of a response body read as a stream, so a log of any size costs a bounded amount of
 * memory: at most `maxBytes` (plus one chunk) are held, while every line of the whole body is
 * counted. When the body was longer than what is kept, the first, partial line of the kept part
 * is dropped (with any UTF-8 sequence the cut split), unless the kept part is all one line.
 */
export interface StreamTail {
  text: string;
  /** Lines in the whole body (a last line without a newline counts). */
  totalLines: number;
  totalBytes: number;
  /** Whether `text` is the whole body. */
  complete: boolean;
}

const NEWLINE = 0x0a;

export async function readStreamTail(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StreamTail> {
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let totalBytes = 0;
  let newlines = 0;
  let endsWithNewline = true;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (chunk.length === 0) continue;
    totalBytes += chunk.length;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines += 1;
    endsWithNewline = chunk[chunk.length - 1] === NEWLINE;
    kept.push(chunk);
    keptBytes += chunk.length;
    // Drop whole chunks from the front while what remains still holds maxBytes.
    while (kept.length > 1 && keptBytes - (kept[0]?.length ?? 0) >= maxBytes) keptBytes -= kept.shift()?.length ?? 0;
  }
  let bytes = Buffer.concat(kept);
  const complete = bytes.length === totalBytes && bytes.length <= maxBytes;
  if (bytes.length > maxBytes) bytes = bytes.subarray(bytes.length - maxBytes);
  let text = bytes.toString('utf8');
  if (!complete) {
    // From the first whole line; inside one line longer than what is kept, from the first
    // whole character of its end.
    const firstNewline = text.indexOf('\n');
    text = firstNewline === -1 ? text.replace(/^\uFFFD+/, '') : text.slice(firstNewline + 1);
  }
  return { text, totalLines: newlines + (totalBytes > 0 && !endsWithNewline ? 1 : 0), totalBytes, complete };
}
