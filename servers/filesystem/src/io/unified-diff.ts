import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { normalizeLineEndings } from './apply-edits.js';

export interface CappedDiff {
  /** The unified diff, cut at a line boundary if it was longer than allowed. */
  diff: string;
  truncated: boolean;
  /** Bytes of the whole diff, cut or not. */
  totalBytes: number;
}

/**
 * A git-style unified diff of one file's change, as the reference server returns it, but
 * without the `Index:` banner (bytes a model pays for and does not need) and capped so a
 * sweeping edit cannot flood the context. Line endings are compared as LF, so a CRLF file
 * shows its real changes rather than every line.
 */
export function unifiedDiff(path: string, before: string, after: string, maxBytes: number): CappedDiff {
  const full = createTwoFilesPatch(path, path, normalizeLineEndings(before), normalizeLineEndings(after), 'original', 'modified', {
    headerOptions: FILE_HEADERS_ONLY,
  });
  const totalBytes = Buffer.byteLength(full, 'utf8');
  if (totalBytes <= maxBytes) return { diff: full, truncated: false, totalBytes };
  // Cut on a line boundary: a half line of a diff reads as a real (wrong) change.
  const head = Buffer.from(full, 'utf8').subarray(0, maxBytes).toString('utf8');
  const end = head.lastIndexOf('\n');
  return { diff: end === -1 ? '' : head.slice(0, end + 1), truncated: true, totalBytes };
}

/** The diff in a fenced block, with a fence longer than any run of backticks inside it. */
export function fencedDiff(diff: string): string {
  const longest = Math.max(2, ...Array.from(diff.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}diff\n${diff}${diff.endsWith('\n') ? '' : '\n'}${fence}`;
}
