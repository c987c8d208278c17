/**
 * What a Markdown pass produces: edits, each replacing a range of the source and counted by kind. Scanners
 * work on a region's content (a block's text with its container prefixes such as `> ` and list
 * indentation cut out) and record edits at content offsets, which are mapped back to the source here, so
 * no scanner needs to know where its text sits in the document.
 */

import { isMarkdownWhitespace } from './character-codes.js';
import type { SanitizeRemovals } from './sanitize-text.js';
import type { WorkBudget } from './work-budget.js';

/** The counter of {@link SanitizeRemovals} an edit adds to. */
export type RemovalKind = keyof SanitizeRemovals;

/** A replacement of `source[from, to)` by `insert`, counted under `kind` if it is applied. */
interface Edit {
  from: number;
  to: number;
  insert: string;
  kind?: RemovalKind;
}

/** The offsets `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Applies a pass's edits to the source, counting each one applied. */
export function applyEdits(text: string, edits: Edit[], counts: SanitizeRemovals): string {
  if (edits.length === 0) return text;
  // At one offset the larger removal wins: it is the one that hides more.
  edits.sort((a, b) => a.from - b.from || b.to - a.to);
  const parts: string[] = [];
  let copied = 0;
  for (const edit of edits) {
    // Overlaps only come from a removal that runs to the end of the text.
    if (edit.from < copied) continue;
    parts.push(text.slice(copied, edit.from), edit.insert);
    copied = edit.to;
    if (edit.kind !== undefined) counts[edit.kind]++;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** What the walks of one Markdown pass share. */
export interface PassContext {
  source: string;
  budget: WorkBudget;
  /** Labels of every link reference definition. */
  refLabels: ReadonlySet<string>;
  /** Labels some link actually uses (outside code), filled by the first, structural walks. */
  usedLabels: Set<string>;
  edits: Edit[];
  /** Set by an inline walk that meets a construct renderers read differently. */
  ambiguous: boolean;
  /** Earliest source offset from which a browser may hide everything (see `inlineLessThan`). */
  hiddenFrom?: number;
}

/** The text of a block with its container prefixes (`> `, list indentation) cut out, lines joined by `\n`. */
export interface RegionContent {
  text: string;
  sourceStarts: number[];
  contentStarts: number[];
}

/** Joins a block's lines, container prefixes cut out, remembering where each line starts in the source. */
export function regionContent(source: string, lines: readonly Span[]): RegionContent {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return { text: '', sourceStarts: [0], contentStarts: [0] };
  // Lines outside any container follow each other in the source: no copy per line, one mapping entry.
  if (lines.every((line, index) => index === 0 || line.start === lines[index - 1]!.end + 1)) {
    return { text: source.slice(first.start, last.end), sourceStarts: [first.start], contentStarts: [0] };
  }
  const parts: string[] = [];
  const sourceStarts: number[] = [];
  const contentStarts: number[] = [];
  let length = 0;
  for (const line of lines) {
    if (parts.length > 0) {
      parts.push('\n');
      length++;
    }
    sourceStarts.push(line.start);
    contentStarts.push(length);
    parts.push(source.slice(line.start, line.end));
    length += line.end - line.start;
  }
  return { text: parts.join(''), sourceStarts, contentStarts };
}

/** Maps an offset in a region's content back to the source; the `\n` between lines maps to the source's. */
export function toSource(content: RegionContent, offset: number): number {
  let low = 0;
  let high = content.contentStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (content.contentStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return content.sourceStarts[low]! + (offset - content.contentStarts[low]!);
}

/** Records an edit given in offsets of a region's content. */
export function addEdit(context: PassContext, content: RegionContent, from: number, to: number, insert: string, kind?: RemovalKind): void {
  context.edits.push({ from: toSource(content, from), to: toSource(content, to), insert, kind });
}

/** Raw HTML that never closes hides the rest of the page in a browser, so everything after it goes. */
export function removeToEnd(context: PassContext, content: RegionContent, from: number): void {
  context.edits.push({ from: toSource(content, from), to: context.source.length, insert: '', kind: 'html' });
}

/** `[start, end)` without the Markdown whitespace at either end. */
export function trimmedSpan(text: string, start: number, end: number): Span {
  let from = start;
  let to = end;
  while (from < to && isMarkdownWhitespace(text.charCodeAt(from))) from++;
  while (to > from && isMarkdownWhitespace(text.charCodeAt(to - 1))) to--;
  return { start: from, end: to };
}
