import { conflict } from '@mcpkit/core';

/**
 * What the line reader needs of a file: positional reads. A `FileHandle` is one; tests
 * wrap one to count the bytes actually read.
 */
export interface ByteSource {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** A run of whole lines (or one cut line) taken from a file, decoded as UTF-8. */
export interface LineWindow {
  /** The lines, line endings as in the file (CRLF stays CRLF), a leading BOM removed. */
  text: string;
  /**
   * First line returned, 1-based. A tail of a file too large to count from its start has
   * negative numbers instead, counted from the end: -1 is the last line.
   */
  startLine: number;
  /** Last line returned (startLine - 1 when none was). */
  endLine: number;
  /** Lines in the file, when this read saw all of it (reached EOF, or the start for a tail). */
  totalLines?: number;
  /**
   * Why the read stopped: it returned the lines asked for, hit the byte budget, or reached
   * the end of the file (the start, for a tail).
   */
  stoppedBy: 'count' | 'bytes' | 'end';
  /** Whether lines remain beyond what was returned (after it; before it for a tail). */
  more: boolean;
  /** The one line returned was longer than the budget and is only a part of it. */
  longLineCut: boolean;
  /** File offsets of the bytes returned (BOM excluded), for "byte X of Y" notes. */
  startByte: number;
  endByte: number;
}

export interface ForwardOptions {
  /** 1-based first line to return. */
  startLine: number;
  maxLines: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export interface BackwardOptions {
  /** How many lines to return from the end. */
  lines: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Large enough to keep syscalls few, small enough that memory stays flat. */
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
/** How much of a file's start is looked at to tell text from binary (what git and grep use). */
const SNIFF_BYTES = 8 * 1024;

function startsWithBom(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
}

/** Fills `length` bytes at `position` unless the file ends first; returns how many it got. */
async function readAt(source: ByteSource, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await source.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** Where a cut at `at` must move so that it does not split a UTF-8 character. */
function charBoundaryAtOrBefore(bytes: Uint8Array, at: number): number {
  let cut = at;
  // A continuation byte (10xxxxxx) cannot start a character: step back to its lead byte.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut;
}

function charBoundaryAtOrAfter(bytes: Uint8Array, at: number): number {
  let cut = at;
  while (cut < bytes.length && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut++;
  return cut;
}

function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE, from); at !== -1 && at < to; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** Whether the file looks binary: a NUL byte in its first 8 KiB, which text never has. */
export async function looksBinary(source: ByteSource): Promise<boolean> {
  const buffer = Buffer.allocUnsafe(SNIFF_BYTES);
  const length = await readAt(source, buffer, SNIFF_BYTES, 0);
  return buffer.subarray(0, length).includes(0);
}

/**
 * Reads lines `startLine…` forward in fixed chunks and stops as soon as it has `maxLines`
 * lines or the next whole line would pass `maxBytes`, so memory stays at one chunk plus
 * the budget whatever the file's size. Lines before `startLine` are only scanned for
 * newlines, never kept. The budget is cut on a line boundary; only a first line longer
 * than the whole budget is cut inside, and then never inside a UTF-8 character.
 */
export async function readLinesForward(source: ByteSource, options: ForwardOptions): Promise<LineWindow> {
  const { startLine, maxLines, maxBytes, signal } = options;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const taken: Buffer[] = [];
  let takenBytes = 0;
  /** takenBytes when the line being taken began: where a byte cut falls back to. */
  let lineStartBytes = 0;
  let linesTaken = 0;
  let position = 0;
  /** The line the scan is in, and whether it has any byte yet (a last line needs no newline). */
  let line = 1;
  let lineHasBytes = false;
  let contentStart = -1;
  let stoppedBy: LineWindow['stoppedBy'] = 'end';
  let longLineCut = false;
  let text: Buffer | undefined;

  scan: for (;;) {
    signal?.throwIfAborted();
    const length = await readAt(source, chunk, CHUNK_BYTES, position);
    if (length === 0) break;
    const base = position;
    position += length;
    const data = chunk.subarray(0, length);
    let at = base === 0 && startsWithBom(data) ? 3 : 0;
    while (at < data.length) {
      if (line < startLine) {
        const newline = data.indexOf(NEWLINE, at);
        if (newline === -1) {
          lineHasBytes = true;
          at = data.length;
        } else {
          line++;
          lineHasBytes = false;
          at = newline + 1;
        }
        continue;
      }
      if (contentStart === -1) contentStart = base + at;
      // A byte is left after the last wanted line, so the file goes on.
      if (linesTaken === maxLines) {
        stoppedBy = 'count';
        break scan;
      }
      const newline = data.indexOf(NEWLINE, at);
      const end = newline === -1 ? data.length : newline + 1;
      if (takenBytes + (end - at) > maxBytes) {
        stoppedBy = 'bytes';
        const whole = Buffer.concat([...taken, data.subarray(at, end)]);
        if (linesTaken > 0) {
          text = whole.subarray(0, lineStartBytes);
        } else {
          // The first line alone is over the budget: a part of it beats nothing.
          text = whole.subarray(0, charBoundaryAtOrBefore(whole, maxBytes));
          linesTaken = 1;
          longLineCut = true;
        }
        break scan;
      }
      // Copied: the chunk buffer is reused by the next read.
      taken.push(Buffer.from(data.subarray(at, end)));
      takenBytes += end - at;
      lineHasBytes = true;
      at = end;
      if (newline !== -1) {
        linesTaken++;
        line++;
        lineStartBytes = takenBytes;
        lineHasBytes = false;
      }
    }
  }

  if (contentStart === -1) contentStart = position;
  const reachedEnd = stoppedBy === 'end';
  if (reachedEnd && lineHasBytes && line >= startLine) linesTaken++;
  text ??= Buffer.concat(taken, takenBytes);
  return {
    text: text.toString('utf8'),
    startLine,
    endLine: startLine + linesTaken - 1,
    ...(reachedEnd && { totalLines: line - 1 + (lineHasBytes ? 1 : 0) }),
    stoppedBy,
    more: !reachedEnd,
    longLineCut,
    startByte: contentStart,
    endByte: contentStart + text.length,
  };
}

/**
 * Reads the last `lines` lines by reading chunks backwards from the end of the file, and
 * never further back than the byte budget allows, so a tail of a huge file costs about
 * the budget. Line numbers are only known when the reads reached the file's start (small
 * files); otherwise they count from the end.
 */
export async function readLinesBackward(source: ByteSource, size: number, options: BackwardOptions): Promise<LineWindow> {
  const { lines, maxBytes, signal } = options;
  if (size === 0) {
    return {
      text: '',
      startLine: 1,
      endLine: 0,
      totalLines: 0,
      stoppedBy: 'end',
      more: false,
      longLineCut: false,
      startByte: 0,
      endByte: 0,
    };
  }
  // A line start at s fits when size - s <= maxBytes; a newline at floor makes size - maxBytes
  // a line start, so nothing before floor is ever needed.
  const floor = Math.max(0, size - maxBytes - 1);
  const chunks: Buffer[] = [];
  let readFrom = size;
  let found = 0;
  let start = -1;
  let stoppedBy: LineWindow['stoppedBy'] = 'end';
  let longLineCut = false;

  scan: while (readFrom > floor) {
    signal?.throwIfAborted();
    const chunkEnd = readFrom;
    readFrom = Math.max(floor, readFrom - CHUNK_BYTES);
    const chunk = Buffer.allocUnsafe(chunkEnd - readFrom);
    if ((await readAt(source, chunk, chunk.length, readFrom)) !== chunk.length) {
      throw conflict('The file got shorter while it was being read. Try again.');
    }
    chunks.unshift(chunk);
    // The file's last byte, if a newline, ends the last line rather than starting one.
    let searchFrom = Math.min(chunk.length - 1, size - 2 - readFrom);
    while (searchFrom >= 0) {
      const newline = chunk.lastIndexOf(NEWLINE, searchFrom);
      if (newline === -1) break;
      found++;
      start = readFrom + newline + 1;
      if (found === lines) {
        stoppedBy = 'count';
        break scan;
      }
      searchFrom = newline - 1;
    }
  }

  const all = Buffer.concat(chunks);
  if (stoppedBy !== 'count') {
    if (readFrom === 0 && size <= maxBytes) {
      // Reached the start: the first line is one more, and everything fits.
      found++;
      start = 0;
      stoppedBy = found === lines ? 'count' : 'end';
    } else if (found > 0) {
      stoppedBy = 'bytes';
    } else {
      stoppedBy = 'bytes';
      longLineCut = true;
      found = 1;
      start = readFrom + charBoundaryAtOrAfter(all, size - maxBytes - readFrom);
    }
  }

  let first = start - readFrom;
  if (start === 0 && startsWithBom(all)) {
    first = 3;
    // A file that is only a BOM has no line at all.
    if (all.length === 3) found = 0;
  }
  const text = all.subarray(first).toString('utf8');
  const window = { text, stoppedBy, longLineCut, startByte: readFrom + first, endByte: size, more: start > 0 };
  if (readFrom === 0) {
    // The whole prefix is in memory anyway, so the numbering costs nothing.
    const before = countNewlines(all, 0, start);
    return { ...window, startLine: before + 1, endLine: before + found, totalLines: before + found };
  }
  return { ...window, startLine: -found, endLine: -1 };
}
