import { invalidInput } from '@mcpkit/core';

/** One replacement of `edit_file`: `oldText` must occur exactly once in the running text. */
export interface TextEdit {
  oldText: string;
  newText: string;
}

/**
 * Applies edits in order, each to the text the previous ones left, and returns the new
 * text — or throws (`invalid_input`) naming the edit that failed, so either every edit
 * applies or none does. Each `oldText` must match exactly once: first exactly, then, if it
 * does not occur at all, line by line ignoring leading and trailing whitespace (models
 * often get indentation wrong), with `newText` re-indented to where it matched.
 * Replacement is literal: `$&` or `$1` in `newText` are inserted as they are.
 *
 * The file's line endings are kept: a file with only CRLF endings is edited as LF text
 * and turned back, so edits written with `\n` match it and the result stays CRLF. Its
 * trailing-newline state is kept too: an edit does not add or drop the final newline.
 */
export function applyEdits(original: string, edits: readonly TextEdit[]): string {
  const crlf = usesOnlyCrlf(original);
  const before = crlf ? original.replaceAll('\r\n', '\n') : original;
  let text = before;
  edits.forEach((edit, index) => {
    text = applyOne(text, edit, index);
  });
  text = keepTrailingNewline(before, text);
  return crlf ? text.replaceAll('\n', '\r\n') : text;
}

/** The text with CRLF endings made LF, as the diff shows it. */
export function normalizeLineEndings(text: string): string {
  return text.replaceAll('\r\n', '\n');
}

function usesOnlyCrlf(text: string): boolean {
  const lf = countOf(text, '\n');
  return lf > 0 && countOf(text, '\r\n') === lf;
}

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function applyOne(text: string, edit: TextEdit, index: number): string {
  const label = `edits[${index}]`;
  if (edit.oldText.length === 0) {
    throw invalidInput(`${label}: oldText is empty. Give the exact text to replace (to replace the whole file, use write_file).`);
  }
  const oldText = normalizeLineEndings(edit.oldText);
  const newText = normalizeLineEndings(edit.newText);
  const exact = occurrences(text, oldText);
  if (exact.length === 1) {
    const at = exact[0] as number;
    // Slicing, never String.replace: a replacement string would expand `$&`, `$1`, `$$`.
    return text.slice(0, at) + newText + text.slice(at + oldText.length);
  }
  if (exact.length > 1)
    throw ambiguous(
      label,
      exact.map((at) => lineNumberAt(text, at)),
    );
  const flexible = replaceLinesLoosely(text, oldText, newText);
  if (flexible.kind === 'replaced') return flexible.text;
  if (flexible.kind === 'ambiguous') throw ambiguous(label, flexible.lines);
  const firstLine = oldText.split('\n').find((line) => line.trim() !== '') ?? oldText;
  throw invalidInput(
    `${label}: oldText was not found (first line: ${JSON.stringify(clip(firstLine.trim(), 120))}). It must match the file — after the edits before it — exactly, or line by line apart from indentation. Read the file again and copy the text. Nothing was written.`,
  );
}

function ambiguous(label: string, lines: number[]): Error {
  const shown = lines.slice(0, 10).join(', ') + (lines.length > 10 ? ', …' : '');
  return invalidInput(
    `${label}: oldText matches ${lines.length} places (lines ${shown}). Include more surrounding lines so it matches exactly once. Nothing was written.`,
  );
}

/** Every start index of `needle` in `text`, overlapping ones included (they are ambiguous too). */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** Line comparisons one loose match may make (a few hundred ms at most). */
const LOOSE_MATCH_BUDGET = 20_000_000;
const LOOSE_MATCH_TOO_COSTLY =
  'An oldText did not match exactly, and matching it while ignoring whitespace would take too long in this file. Copy the exact text (with its indentation) from read_text_file.';

type LooseMatch = { kind: 'replaced'; text: string } | { kind: 'ambiguous'; lines: number[] } | { kind: 'none' };

/**
 * The fallback match: whole lines equal to the old lines once leading and trailing
 * whitespace is ignored. A final newline in `oldText` only ends its last line; lines made
 * only of whitespace never match loosely (they would match every blank line).
 */
function replaceLinesLoosely(text: string, oldText: string, newText: string): LooseMatch {
  const oldEndsLine = oldText.endsWith('\n');
  const oldLines = (oldEndsLine ? oldText.slice(0, -1) : oldText).split('\n');
  const anchor = oldLines.findIndex((line) => line.trim() !== '');
  if (anchor === -1) return { kind: 'none' };
  const lines = text.split('\n');
  const trimmed = lines.map((line) => line.trim());
  const wanted = oldLines.map((line) => line.trim());
  const anchorLine = wanted[anchor] as string;
  const starts: number[] = [];
  // Only starts whose anchor line matches are compared in full; a budget bounds the rest,
  // so a repetitive file cannot keep the main thread comparing for minutes.
  let budget = LOOSE_MATCH_BUDGET;
  for (let i = 0; i + wanted.length <= lines.length; i++) {
    if (trimmed[i + anchor] !== anchorLine) continue;
    budget -= wanted.length;
    if (budget < 0) throw invalidInput(LOOSE_MATCH_TOO_COSTLY);
    if (wanted.every((line, j) => trimmed[i + j] === line)) starts.push(i);
  }
  if (starts.length === 0) return { kind: 'none' };
  if (starts.length > 1) return { kind: 'ambiguous', lines: starts.map((i) => i + 1) };
  const start = starts[0] as number;
  const replacement =
    oldEndsLine && newText === '' ? [] : (oldEndsLine && newText.endsWith('\n') ? newText.slice(0, -1) : newText).split('\n');
  const reindented = reindent(replacement, oldLines, lines.slice(start, start + oldLines.length));
  lines.splice(start, oldLines.length, ...reindented);
  return { kind: 'replaced', text: lines.join('\n') };
}

/**
 * Moves new lines from the indentation the model used to the file's. The matched lines
 * teach the mapping (the model's `  ` was the file's `        ` there), so a new line
 * indented like one of the old lines gets that line's real indentation; any other line
 * keeps its offset from the first non-blank old line, applied to where that one matched.
 */
function reindent(newLines: string[], oldLines: string[], matched: string[]): string[] {
  const learned = new Map<string, string>();
  oldLines.forEach((line, j) => {
    const given = indentOf(line);
    if (line.trim() !== '' && !learned.has(given)) learned.set(given, indentOf(matched[j] as string));
  });
  const anchor = oldLines.findIndex((line) => line.trim() !== '');
  const given = indentOf(oldLines[anchor] as string);
  const actual = indentOf(matched[anchor] as string);
  return newLines.map((line) => {
    if (line.trim() === '') return '';
    const own = indentOf(line);
    const body = line.slice(own.length);
    const mapped = learned.get(own);
    if (mapped !== undefined) return mapped + body;
    if (own.startsWith(given)) return actual + own.slice(given.length) + body;
    // Less indented than the model's base: take the difference off the file's indentation.
    return actual.slice(0, Math.max(0, actual.length - (given.length - own.length))) + body;
  });
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function keepTrailingNewline(before: string, after: string): string {
  if (before.length === 0 || after.length === 0) return after;
  const had = before.endsWith('\n');
  const has = after.endsWith('\n');
  if (had && !has) return after + (before.endsWith('\r\n') ? '\r\n' : '\n');
  if (!had && has) return after.slice(0, after.endsWith('\r\n') ? -2 : -1);
  return after;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
