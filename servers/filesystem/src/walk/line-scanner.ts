/** What to look for: plain data, so it can travel to the regex worker. */
export interface ScanSettings {
  /** The literal text, or the regular expression's source. */
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  /** Lines shown before and after each match (0–10). */
  contextLines: number;
}

/** One matching line: its 1-based number and text (a window of it when long), with context. */
export interface LineMatch {
  line: number;
  text: string;
  before?: string[];
  after?: string[];
}

/** The scan of one file, fed its bytes in order. */
export interface FileScan {
  /** The next bytes of the file; returns the matches complete so far (context included). */
  push(bytes: Uint8Array): LineMatch[];
  /** The file ended: returns the remaining matches. */
  end(): LineMatch[];
  /** The limit is reached and no match waits for context: the rest of the file is not needed. */
  readonly done: boolean;
}

export interface LineScanner {
  /**
   * Starts a file; at most `limit` matches are returned from it. With `emit`, each match
   * is handed over the moment it is complete instead of being returned by push/end — the
   * regex worker posts them at once, so they survive the worker being stopped mid-file.
   */
  file(limit: number, emit?: (match: LineMatch) => void): FileScan;
  /**
   * Feeds the next chunk of file number `id`: its scan starts on the first chunk (with
   * `limit`, matches handed to `emit` as they complete) and ends, forgotten, on the `final`
   * one. Returns whether the file needs no more bytes. What the in-thread search and the
   * regex worker both run per chunk.
   */
  chunk(id: number, limit: number, bytes: Uint8Array | undefined, final: boolean, emit: (id: number, match: LineMatch) => void): boolean;
}

/**
 * The grep engine: decodes a file's bytes as UTF-8 in chunks (constant memory, any size),
 * finds the lines that match, and keeps up to `contextLines` lines around each. Literal
 * searches first look for the text in a whole block of lines and only split blocks that
 * contain it, so most of a file is never cut into lines.
 *
 * Self-contained on purpose — no imports, no outside references: the regex worker runs
 * this very function from its source text (`createLineScanner.toString()`), which works the
 * same from TypeScript under vitest and from the compiled JavaScript. Throws the RegExp's
 * SyntaxError for an invalid regular expression.
 */
export function createLineScanner(settings: ScanSettings): LineScanner {
  /** Longest text shown for one line; a long line is shown as a window around the match. */
  const MAX_SHOWN = 300;
  /** Characters shown before the match in such a window. */
  const LEAD = 100;
  /**
   * Longest run held as one line. A longer line (minified code, a one-line JSON dump) is
   * searched in pieces of this size, so memory stays bounded; a match spanning two pieces
   * is missed.
   */
  const MAX_LINE = 1 << 20;
  const { query, regex, caseSensitive, contextLines } = settings;

  let find: (line: string) => number;
  /** For literal searches: whether a block of lines can contain a match at all. */
  let blockMayMatch: ((block: string) => boolean) | undefined;
  if (!regex && caseSensitive) {
    find = (line) => line.indexOf(query);
    blockMayMatch = (block) => block.includes(query);
  } else {
    const source = regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const flags = caseSensitive ? '' : 'i';
    let pattern: RegExp;
    try {
      // Unicode mode where the pattern allows it (\p{L}, astral characters as one)…
      pattern = new RegExp(source, `${flags}u`);
    } catch {
      // …and the lenient classic mode otherwise (`\-`, `\_` and friends); its error is the one reported.
      pattern = new RegExp(source, flags);
    }
    find = (line) => line.search(pattern);
    // A literal cannot contain a line break, so a block without it has no line with it.
    // A regex can (lookbehind, ^, [^x]), so regex searches always go line by line.
    if (!regex) blockMayMatch = (block) => pattern.test(block);
  }

  const show = (line: string, at: number): string => {
    if (line.length <= MAX_SHOWN) return line;
    const start = Math.max(0, Math.min(at - LEAD, line.length - MAX_SHOWN));
    const end = start + MAX_SHOWN;
    return (start > 0 ? '…' : '') + line.slice(start, end) + (end < line.length ? '…' : '');
  };
  const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  /**
   * Decoders of files that ended, for the next ones: making one costs more than scanning a
   * small file. A decoder that was flushed starts over (a BOM is dropped again).
   */
  const spareDecoders: Array<InstanceType<typeof TextDecoder>> = [];
  /** Files being scanned chunk by chunk, by the caller's number. */
  const open = new Map<number, FileScan>();

  const scanner: LineScanner = {
    chunk(id, limit, bytes, final, emit) {
      let scan = open.get(id);
      if (scan === undefined) {
        scan = scanner.file(limit, (match) => emit(id, match));
        open.set(id, scan);
      }
      if (bytes !== undefined && bytes.length > 0) scan.push(bytes);
      if (final) {
        scan.end();
        open.delete(id);
      }
      return scan.done;
    },
    file(limit: number, emit?: (match: LineMatch) => void): FileScan {
      const decoder = spareDecoders.pop() ?? new TextDecoder('utf-8');
      let carry = '';
      /** Lines finished so far. */
      let lineNumber = 0;
      let found = 0;
      let lastMatchedLine = 0;
      /** The line being read is longer than MAX_LINE and its first pieces were searched. */
      let inLongLine = false;
      const before: string[] = [];
      const waiting: LineMatch[] = [];
      const out: LineMatch[] = [];
      const deliver = emit ?? ((match: LineMatch) => out.push(match));

      const record = (text: string, at: number, line: number) => {
        found++;
        lastMatchedLine = line;
        const match: LineMatch = { line, text: show(text, at) };
        if (contextLines === 0) {
          deliver(match);
          return;
        }
        match.before = before.slice();
        match.after = [];
        waiting.push(match);
      };

      const remember = (shown: string) => {
        before.push(shown);
        if (before.length > contextLines) before.shift();
      };

      /** One whole line (or the last piece of a long one). */
      const takeLine = (raw: string) => {
        lineNumber++;
        const text = withoutCr(raw);
        const continuesLongLine = inLongLine;
        inLongLine = false;
        const shown = contextLines > 0 ? show(text, 0) : '';
        if (waiting.length > 0 && !continuesLongLine) {
          for (const match of waiting) match.after?.push(shown);
          while (waiting.length > 0 && waiting[0]?.after?.length === contextLines) deliver(waiting.shift() as LineMatch);
        }
        if (found < limit && lastMatchedLine !== lineNumber) {
          const at = find(text);
          if (at >= 0) record(text, at, lineNumber);
        }
        if (contextLines > 0) remember(shown);
      };

      /** A piece of a line longer than MAX_LINE: searched, not yet counted as a line. */
      const takePiece = (piece: string) => {
        const line = lineNumber + 1;
        if (found < limit && lastMatchedLine !== line) {
          const at = find(piece);
          if (at >= 0) record(piece, at, line);
        }
        inLongLine = true;
      };

      const takeBlock = (block: string) => {
        if (waiting.length === 0 && !inLongLine && blockMayMatch && (found >= limit || !blockMayMatch(block))) {
          // Nothing to find here: count the lines, keep the last few for context.
          let count = 1;
          for (let at = block.indexOf('\n'); at !== -1; at = block.indexOf('\n', at + 1)) count++;
          lineNumber += count;
          if (contextLines > 0) {
            const tail: string[] = [];
            let end = block.length;
            for (let taken = 0; taken < contextLines; taken++) {
              const newline = end === 0 ? -1 : block.lastIndexOf('\n', end - 1);
              tail.unshift(show(withoutCr(block.slice(newline + 1, end)), 0));
              if (newline === -1) break;
              end = newline;
            }
            for (const shown of tail) remember(shown);
          }
          return;
        }
        for (const line of block.split('\n')) takeLine(line);
      };

      return {
        push(bytes: Uint8Array): LineMatch[] {
          const text = carry + decoder.decode(bytes, { stream: true });
          const lastNewline = text.lastIndexOf('\n');
          if (lastNewline === -1) {
            carry = text;
          } else {
            carry = text.slice(lastNewline + 1);
            takeBlock(text.slice(0, lastNewline));
          }
          if (carry.length > MAX_LINE) {
            takePiece(carry);
            carry = '';
          }
          return out.splice(0);
        },
        end(): LineMatch[] {
          const rest = carry + decoder.decode();
          carry = '';
          spareDecoders.push(decoder);
          if (rest.length > 0 || inLongLine) takeLine(rest);
          // Matches near the end get the context there is.
          for (const match of waiting.splice(0)) deliver(match);
          return out.splice(0);
        },
        get done() {
          return found >= limit && waiting.length === 0;
        },
      };
    },
  };
  return scanner;
}
