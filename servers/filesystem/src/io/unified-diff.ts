import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { normalizeLineEndings } from './apply-edits.js';

export interface CappedDiff {
  /** The unified diff, cut at a line boundary if it was longer than allowed. */
  diff: string;
  truncated: boolean;
  /** Bytes of the whole diff, cut or not (0 when it was not computed). */
  totalBytes: number;
  /** Set when the diff took too long to compute and was given up: why, in one line. */
  skipped?: string;
}

/**
 * Longest a diff may take. Myers' diff is O(N·D): a sweeping change to a long file (every
 * line of 20,000) takes minutes, on the main thread, where it would stall every call.
 */
const DIFF_TIMEOUT_MS = 1000;

/**
 * A git-style unified diff of one file's change, as the reference server returns it, but
 * without the `Index:` banner (bytes a model pays for and does not need) and capped so a
 * sweeping edit cannot flood the context. Line endings are compared as LF, so a CRLF file
 * shows its real changes rather than every line.
 */
export function unifiedDiff(path: string, before: string, after: string, maxBytes: number): CappedDiff {
  const full = createTwoFilesPatch(path, path, normalizeLineEndings(before), normalizeLineEndings(after), 'original', 'modified', {
    headerOptions: FILE_HEADERS_ONLY,
    timeout: DIFF_TIMEOUT_MS,
  });
  if (full === undefined) {
    const lines = (text: string) => text.split('\n').length.toLocaleString('en-US');
    return {
      diff: '',
      truncated: true,
      totalBytes: 0,
      skipped: `The change is too large to diff quickly (${lines(before)} lines before, ${lines(after)} after); no diff is shown.`,
    };
  }
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
