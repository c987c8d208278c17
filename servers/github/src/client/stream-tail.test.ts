import { describe, expect, it } from 'vitest';
import { readStreamTail } from './stream-tail.js';

/** A stream of `text` in chunks of `size` bytes, as a network body arrives. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
      at += size;
    },
  });
}

describe('readStreamTail', () => {
  it('keeps a short body whole and counts its lines, with or without a final newline', async () => {
    expect(await readStreamTail(chunked('a\nb\nc\n', 2), 1024)).toEqual({
      text: 'a\nb\nc\n',
      totalLines: 3,
      totalBytes: 6,
      complete: true,
    });
    expect(await readStreamTail(chunked('a\nb', 1), 1024)).toMatchObject({ text: 'a\nb', totalLines: 2, complete: true });
    expect(await readStreamTail(chunked('', 1), 1024)).toEqual({ text: '', totalLines: 0, totalBytes: 0, complete: true });
  });

  it('keeps only the end of a long body, from a whole line, and still counts every line', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i} of the build log`);
    const body = `${lines.join('\n')}\n`;
    const tail = await readStreamTail(chunked(body, 4096), 10_000);
    expect(tail.totalLines).toBe(100_000);
    expect(tail.totalBytes).toBe(Buffer.byteLength(body));
    expect(tail.complete).toBe(false);
    expect(Buffer.byteLength(tail.text)).toBeLessThanOrEqual(10_000);
    expect(tail.text.endsWith('line 99999 of the build log\n')).toBe(true);
    // It starts at the beginning of a line, never in the middle of one.
    expect(tail.text).toMatch(/^line \d+ of the build log\n/);
  });

  it('never starts inside a UTF-8 sequence the cut split', async () => {
    const body = `${'é'.repeat(5000)}\n${'ü'.repeat(10)}\nend\n`;
    const tail = await readStreamTail(chunked(body, 333), 101);
    expect(tail.text).toBe(`${'ü'.repeat(10)}\nend\n`);
    expect(tail.text).not.toContain('\uFFFD');
  });

  it('keeps the end of one line longer than what is kept, from a whole character', async () => {
    const tail = await readStreamTail(chunked('x'.repeat(50_000), 1000), 100);
    expect(tail).toMatchObject({ text: 'x'.repeat(100), totalLines: 1, complete: false });
    const wide = await readStreamTail(chunked('é'.repeat(1000), 7), 51);
    expect(wide.text).toBe('é'.repeat(25));
  });
});
