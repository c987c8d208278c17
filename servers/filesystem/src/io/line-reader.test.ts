import { type FileHandle, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ByteSource, type LineWindow, looksBinary, readLinesBackward, readLinesForward } from './line-reader.js';

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('mcpkit-lines-');
});
afterAll(async () => {
  await dir.remove();
});

/** A file handle that counts the bytes read through it. */
function counting(handle: FileHandle): ByteSource & { bytesRead: number } {
  const source = {
    bytesRead: 0,
    async read(buffer: Uint8Array, offset: number, length: number, position: number) {
      const result = await handle.read(buffer, offset, length, position);
      source.bytesRead += result.bytesRead;
      return result;
    },
  };
  return source;
}

async function withFile<T>(
  name: string,
  content: string | Buffer,
  use: (source: ByteSource & { bytesRead: number }, size: number) => Promise<T>,
) {
  const path = join(dir.path, name);
  await writeFile(path, content);
  const handle = await open(path, 'r');
  try {
    return await use(counting(handle), (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** The lines of a text, each with its line ending, BOM removed: the model answer. */
function splitLines(content: Buffer): Buffer[] {
  let bytes = content;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const lines: Buffer[] = [];
  let from = 0;
  while (from < bytes.length) {
    const newline = bytes.indexOf(0x0a, from);
    const end = newline === -1 ? bytes.length : newline + 1;
    lines.push(bytes.subarray(from, end));
    from = end;
  }
  return lines;
}

/** What a forward read must return, computed the obvious way on the whole file. */
function expectedForward(lines: Buffer[], startLine: number, maxLines: number, maxBytes: number) {
  const picked: Buffer[] = [];
  let bytes = 0;
  let stoppedBy: LineWindow['stoppedBy'] = 'end';
  for (let index = startLine - 1; index < lines.length; index++) {
    const line = lines[index] as Buffer;
    if (picked.length === maxLines) {
      stoppedBy = 'count';
      break;
    }
    if (bytes + line.length > maxBytes) {
      stoppedBy = 'bytes';
      if (picked.length === 0) {
        let cut = maxBytes;
        while (cut > 0 && ((line[cut] ?? 0) & 0xc0) === 0x80) cut--;
        picked.push(line.subarray(0, cut));
      }
      break;
    }
    picked.push(line);
    bytes += line.length;
  }
  return {
    text: Buffer.concat(picked).toString('utf8'),
    startLine,
    endLine: startLine + picked.length - 1,
    stoppedBy,
    ...(stoppedBy === 'end' && { totalLines: lines.length }),
  };
}

function expectedBackward(lines: Buffer[], count: number, maxBytes: number) {
  const picked: Buffer[] = [];
  let bytes = 0;
  let stoppedBy: LineWindow['stoppedBy'] = 'end';
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] as Buffer;
    if (bytes + line.length > maxBytes) {
      stoppedBy = 'bytes';
      if (picked.length === 0) {
        let cut = line.length - maxBytes;
        while (cut < line.length && ((line[cut] ?? 0) & 0xc0) === 0x80) cut++;
        picked.unshift(line.subarray(cut));
      }
      break;
    }
    picked.unshift(line);
    bytes += line.length;
    if (picked.length === count) {
      stoppedBy = 'count';
      break;
    }
  }
  return { text: Buffer.concat(picked).toString('utf8'), lineCount: picked.length, stoppedBy };
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('line reader against a whole-file model', () => {
  // Lines of every sort, some longer than one 64 KiB chunk, so boundaries fall everywhere.
  const next = random(42);
  const pieces = ['a', 'é', '€', '😀', ' ', 'x'];
  const lineList: string[] = ['\uFEFFfirst line'];
  for (let index = 0; index < 400; index++) {
    const length = next() < 0.03 ? 70_000 + Math.floor(next() * 30_000) : Math.floor(next() * 300);
    let line = '';
    while (line.length < length) line += pieces[Math.floor(next() * pieces.length)];
    lineList.push(line + (next() < 0.2 ? '\r' : ''));
  }
  const variants: Array<[string, Buffer]> = [
    ['with a trailing newline', Buffer.from(`${lineList.join('\n')}\n`)],
    ['without a trailing newline', Buffer.from(lineList.join('\n'))],
    ['ending in empty lines', Buffer.from(`${lineList.join('\n')}\n\n\n`)],
  ];

  it.each(variants)('reads forward exactly like the model (%s)', async (_name, content) => {
    const lines = splitLines(content);
    await withFile('model-forward.txt', content, async (source) => {
      const pick = random(7);
      for (let round = 0; round < 60; round++) {
        const startLine = 1 + Math.floor(pick() * (lines.length + 1));
        const maxLines = 1 + Math.floor(pick() * 60);
        const maxBytes = [100, 1024, 4096, 65_536, 200_000][Math.floor(pick() * 5)] as number;
        const window = await readLinesForward(source, { startLine, maxLines, maxBytes });
        const expected = expectedForward(lines, startLine, maxLines, maxBytes);
        expect({ ...window, more: undefined, longLineCut: undefined, startByte: undefined, endByte: undefined }).toEqual({
          ...expected,
          more: undefined,
          longLineCut: undefined,
          startByte: undefined,
          endByte: undefined,
        });
        expect(window.more).toBe(expected.stoppedBy !== 'end');
        expect(window.text).not.toContain('\uFFFD');
      }
    });
  });

  it.each(variants)('reads backward exactly like the model (%s)', async (_name, content) => {
    const lines = splitLines(content);
    await withFile('model-backward.txt', content, async (source, size) => {
      const pick = random(11);
      for (let round = 0; round < 60; round++) {
        const count = 1 + Math.floor(pick() * 80);
        const maxBytes = [100, 1024, 4096, 65_536, 200_000, 10_000_000][Math.floor(pick() * 6)] as number;
        const window = await readLinesBackward(source, size, { lines: count, maxBytes });
        const expected = expectedBackward(lines, count, maxBytes);
        expect(window.text).toBe(expected.text);
        expect(window.stoppedBy).toBe(expected.stoppedBy);
        expect(window.endLine - window.startLine + 1).toBe(expected.lineCount);
        if (window.totalLines !== undefined) {
          expect(window.totalLines).toBe(lines.length);
          expect(window.endLine).toBe(lines.length);
        } else {
          expect(window.endLine).toBe(-1);
        }
      }
      // A budget larger than the file reads back to its start, so the numbers are real.
      const whole = await readLinesBackward(source, size, { lines: 1_000_000, maxBytes: 10_000_000 });
      expect(whole).toMatchObject({ startLine: 1, endLine: lines.length, totalLines: lines.length, stoppedBy: 'end', more: false });
    });
  });
});

describe('line reader edge cases', () => {
  it('counts a last line without a newline, and none for an empty file or a lone BOM', async () => {
    await withFile('edge.txt', 'a\nb', async (source, size) => {
      expect(await readLinesForward(source, { startLine: 1, maxLines: 10, maxBytes: 100 })).toMatchObject({ text: 'a\nb', totalLines: 2 });
      expect(await readLinesBackward(source, size, { lines: 1, maxBytes: 100 })).toMatchObject({ text: 'b', startLine: 2, endLine: 2 });
    });
    for (const content of ['', '\uFEFF']) {
      await withFile('empty.txt', content, async (source, size) => {
        expect(await readLinesForward(source, { startLine: 1, maxLines: 10, maxBytes: 100 })).toMatchObject({
          text: '',
          totalLines: 0,
          endLine: 0,
        });
        expect(await readLinesBackward(source, size, { lines: 3, maxBytes: 100 })).toMatchObject({ text: '', totalLines: 0 });
      });
    }
  });

  it('sees a line that is only a newline as a line', async () => {
    await withFile('newline.txt', '\n', async (source, size) => {
      expect(await readLinesForward(source, { startLine: 1, maxLines: 10, maxBytes: 100 })).toMatchObject({ text: '\n', totalLines: 1 });
      expect(await readLinesBackward(source, size, { lines: 5, maxBytes: 100 })).toMatchObject({ text: '\n', totalLines: 1 });
    });
  });

  it('never cuts inside a UTF-8 character, at either end', async () => {
    const line = '€'.repeat(1000);
    await withFile('euro.txt', `${line}\n`, async (source, size) => {
      for (const maxBytes of [100, 101, 102, 103]) {
        const head = await readLinesForward(source, { startLine: 1, maxLines: 1, maxBytes });
        expect(head.text).toBe('€'.repeat(Math.floor(maxBytes / 3)));
        expect(head).toMatchObject({ longLineCut: true, stoppedBy: 'bytes', endLine: 1 });
        const tail = await readLinesBackward(source, size, { lines: 1, maxBytes });
        expect(tail.text).toBe(`${'€'.repeat(Math.floor((maxBytes - 1) / 3))}\n`);
        expect(tail.longLineCut).toBe(true);
      }
    });
  });

  it('tells binary from text by NUL bytes in the first 8 KiB only', async () => {
    await withFile('bin', Buffer.from([0x89, 0x50, 0x00, 0x01]), async (source) => expect(await looksBinary(source)).toBe(true));
    await withFile('text', 'plain text\n', async (source) => expect(await looksBinary(source)).toBe(false));
    const late = Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]);
    await withFile('late-nul', late, async (source) => expect(await looksBinary(source)).toBe(false));
  });

  it('stops when the signal is aborted', async () => {
    await withFile('abort.txt', 'a\n'.repeat(100_000), async (source) => {
      const controller = new AbortController();
      controller.abort();
      await expect(
        readLinesForward(source, { startLine: 50_000, maxLines: 1, maxBytes: 100, signal: controller.signal }),
      ).rejects.toThrow();
    });
  });
});

describe('line reader on a 50 MB file', () => {
  const LINE_BYTES = 100;
  const LINES = 524_288;
  /** Line n (1-based) is "line 00000n" padded with dots to 100 bytes. */
  const lineOf = (n: number) => `line ${String(n).padStart(8, '0')} `.padEnd(LINE_BYTES - 1, '.') + '\n';
  let path: string;
  let handle: FileHandle;

  beforeAll(async () => {
    path = join(dir.path, 'big.txt');
    const writer = await open(path, 'w');
    const block: string[] = [];
    for (let n = 1; n <= LINES; n++) {
      block.push(lineOf(n));
      if (block.length === 10_000 || n === LINES) {
        await writer.write(block.join(''));
        block.length = 0;
      }
    }
    await writer.close();
    handle = await open(path, 'r');
    expect((await handle.stat()).size).toBe(LINE_BYTES * LINES);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('reads the head without reading the rest of the file', async () => {
    const source = counting(handle);
    const window = await readLinesForward(source, { startLine: 1, maxLines: 10, maxBytes: 65_536 });
    expect(window.text).toBe(Array.from({ length: 10 }, (_, i) => lineOf(i + 1)).join(''));
    expect(window).toMatchObject({ startLine: 1, endLine: 10, stoppedBy: 'count', more: true });
    expect(window.totalLines).toBeUndefined();
    expect(source.bytesRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('reads a page in the middle by scanning only up to it', async () => {
    const source = counting(handle);
    const window = await readLinesForward(source, { startLine: 10_001, maxLines: 50, maxBytes: 65_536 });
    expect(window.text.startsWith(lineOf(10_001))).toBe(true);
    expect(window).toMatchObject({ startLine: 10_001, endLine: 10_050, stoppedBy: 'count', startByte: 10_000 * LINE_BYTES });
    expect(source.bytesRead).toBeLessThan(10_050 * LINE_BYTES + 2 * 64 * 1024);
  });

  it('reads the tail backwards from the end, about the budget at most', async () => {
    const source = counting(handle);
    const window = await readLinesBackward(source, LINE_BYTES * LINES, { lines: 10, maxBytes: 65_536 });
    expect(window.text).toBe(Array.from({ length: 10 }, (_, i) => lineOf(LINES - 9 + i)).join(''));
    expect(window).toMatchObject({ startLine: -10, endLine: -1, stoppedBy: 'count', more: true });
    expect(source.bytesRead).toBeLessThanOrEqual(64 * 1024);

    const capped = counting(handle);
    const big = await readLinesBackward(capped, LINE_BYTES * LINES, { lines: 100_000, maxBytes: 4096 });
    expect(big).toMatchObject({ startLine: -40, endLine: -1, stoppedBy: 'bytes' });
    expect(capped.bytesRead).toBeLessThanOrEqual(4097);
  });

  it('keeps memory flat while reading the tail and the head repeatedly', async () => {
    global.gc?.();
    const before = process.memoryUsage();
    for (let round = 0; round < 20; round++) {
      await readLinesBackward(handle, LINE_BYTES * LINES, { lines: 500, maxBytes: 65_536 });
      await readLinesForward(handle, { startLine: 1, maxLines: 500, maxBytes: 65_536 });
    }
    const after = process.memoryUsage();
    // The file is 50 MB; a reader that loaded it would grow by at least that much.
    expect(after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)).toBeLessThan(20 * 1024 * 1024);
  });
});
