/**
 * The lossy fallback for text the Markdown passes cannot pin down or that is built to be expensive: remove
 * everything that could be hidden, reading the raw text without trusting any structure, then escape every
 * `<` and `[`. Code is not spared, but nothing hidden is shown.
 */

import {
  BACKSLASH,
  BACKTICK,
  BANG,
  CARET,
  CLOSE_BRACKET,
  CLOSE_PAREN,
  COLON,
  DASH,
  DOT,
  GREATER_THAN,
  isAsciiLetter,
  isDigit,
  isMarkdownWhitespace,
  isSpaceOrTab,
  LESS_THAN,
  OPEN_BRACKET,
  OPEN_PAREN,
  PLUS,
  SLASH,
  STAR,
  TILDE,
} from './character-codes.js';
import { keptFenceInfo } from './fence-info.js';
import { INVISIBLE_NAMED_ENTITIES } from './html-entities.js';
import { rewriteTag, tokenizeHtmlTag } from './html-tags.js';
import { isSafeLinkDestination } from './link-destinations.js';
import { type RemovalKind, trimmedSpan } from './markdown-edits.js';
import { matchLinkLabel, skipSpacesAndNewline } from './markdown-links.js';
import type { SanitizeRemovals } from './sanitize-text.js';
import { Finder } from './text-finder.js';
import { WorkBudget } from './work-budget.js';

/**
 * For text whose rendering is not pinned down or that is built to be expensive. Nothing is trusted to be
 * code, and anything that could be hidden under some reading is removed rather than shown: comments,
 * declarations, processing instructions, tag attributes, link titles, reference and footnote definitions.
 * Then info strings are cut to a language name, and every `<`, every unescaped `[` and every entity that
 * could decode to an invisible character is escaped. Lossy, for code too; the result contains nothing a
 * Markdown pass would change, so sanitising it again returns it unchanged.
 */
export function escapeEverything(text: string, removed: SanitizeRemovals): string {
  const visible = removeHiddenTextually(removeCommentsTextually(text, removed), removed);
  const lines = visible.split('\n').map((line) => {
    const fence = fenceInfoStart(line);
    if (fence < 0) return line;
    const info = trimmedSpan(line, fence, line.length);
    const kept = keptFenceInfo(line.slice(info.start, info.end));
    if (kept === line.slice(info.start)) return line;
    removed.fenceInfo++;
    return line.slice(0, info.start) + kept;
  });
  removed.html += visible.match(/<[A-Za-z/!?]/g)?.length ?? 0;
  return (
    lines
      .join('\n')
      .replaceAll('<', '&lt;')
      // A backslash and the character after it are one token, so `[` is escaped only where nothing escapes it.
      .replace(/\\[\s\S]|\[/g, (token) => (token === '[' ? '\\[' : token))
      .replace(/&(?=#|([A-Za-z][A-Za-z0-9]*);?)/g, (whole, name: string | undefined) => {
        if (name === undefined || INVISIBLE_NAMED_ENTITIES.has(name)) return '&amp;';
        return whole;
      })
  );
}

/** Removes comments, keeping the line breaks inside them so lines that start definitions still start lines. */
function removeCommentsTextually(text: string, removed: SanitizeRemovals): string {
  const parts: string[] = [];
  let copied = 0;
  for (;;) {
    const open = text.indexOf('<!--', copied);
    if (open < 0) break;
    parts.push(text.slice(copied, open));
    removed.html++;
    let close: number;
    if (text.startsWith('<!-->', open)) close = open + 5;
    else if (text.startsWith('<!--->', open)) close = open + 6;
    else {
      const found = text.indexOf('-->', open + 4);
      close = found < 0 ? text.length : found + 3;
    }
    parts.push('\n'.repeat(text.slice(open, close).split('\n').length - 1));
    copied = close;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * The fallback's removal of hidden constructs, read from the raw text without trusting any structure.
 * Every scan either ends inside what it removes or consumes what it scanned, so this stays linear.
 */
function removeHiddenTextually(text: string, removed: SanitizeRemovals): string {
  const budget = new WorkBudget(Number.MAX_SAFE_INTEGER);
  const finder = new Finder(text, text.length, budget);
  let blankCache = { from: -1, at: -1 };
  /** Start of the next blank line at or after `from` (a title or definition cannot cross one), or the end. */
  const nextBlankLine = (from: number): number => {
    if (from >= blankCache.from && from <= blankCache.at) return blankCache.at;
    const pattern = /\n[ \t]*\n/g;
    pattern.lastIndex = from;
    const at = pattern.exec(text)?.index ?? text.length;
    blankCache = { from, at };
    return at;
  };
  /** End of a title opened at `open`, or the next blank line if it never closes. */
  const titleEnd = (open: number): number => {
    const delimiter = text.charCodeAt(open);
    const close = finder.find(delimiter === OPEN_PAREN ? ')' : delimiter === 34 ? '"' : "'", open + 1);
    const blank = nextBlankLine(open);
    return close < 0 || close > blank ? blank : close + 1;
  };
  const isTitleOpener = (code: number): boolean => code === 34 || code === 39 || code === OPEN_PAREN;

  const parts: string[] = [];
  let copied = 0;
  const replace = (from: number, to: number, insert: string, kind?: RemovalKind): void => {
    parts.push(text.slice(copied, from), insert);
    copied = to;
    if (kind !== undefined) removed[kind]++;
  };

  let index = 0;
  let lineStart = true;
  while (index < text.length) {
    if (lineStart) {
      lineStart = false;
      const lineEnd = text.indexOf('\n', index) < 0 ? text.length : text.indexOf('\n', index);
      const at = index + containerPrefixLength(text.slice(index, lineEnd));
      if (text.charCodeAt(at) === OPEN_BRACKET && text.charCodeAt(at - 1) !== BACKSLASH) {
        const end = hiddenDefinitionEnd(text, at, lineEnd, nextBlankLine, titleEnd, isTitleOpener);
        if (end > at) {
          replace(at, end, '', 'html');
          index = end;
          continue;
        }
      }
    }
    const code = text.charCodeAt(index);
    // No backslash escapes here: inside an HTML block a backslash escapes nothing.
    if (code === 10) {
      lineStart = true;
      index++;
    } else if (code === LESS_THAN) {
      const next = text.charCodeAt(index + 1);
      if (next === 63 || next === BANG) {
        // `<?…?>`, `<!X…>`, `<![CDATA[…]]>`: hidden up to the later of Markdown's and HTML's end.
        const gt = finder.find('>', index + 2);
        const markdownClose =
          next === 63 ? finder.find('?>', index + 2) : text.startsWith('<![CDATA[', index) ? finder.find(']]>', index + 9) : gt;
        const end =
          gt < 0 || markdownClose < 0
            ? text.length
            : Math.max(gt + 1, markdownClose + (next === 63 ? 2 : text.startsWith('<![CDATA[', index) ? 3 : 1));
        replace(index, end, '', 'html');
        index = end;
      } else if (isAsciiLetter(next) || (next === SLASH && isAsciiLetter(text.charCodeAt(index + 2)))) {
        const tag = tokenizeHtmlTag(text, index, text.length, budget);
        if (tag === undefined) {
          replace(index, text.length, '', 'html');
          index = text.length;
        } else {
          const rewritten = rewriteTag(tag);
          replace(index, tag.end, rewritten.text, rewritten.counted ? 'html' : undefined);
          index = tag.end;
        }
      } else index++;
    } else if (code === CLOSE_BRACKET && text.charCodeAt(index + 1) === OPEN_PAREN) {
      index = removeTitleTextually(text, index + 1, titleEnd, isTitleOpener, replace);
    } else if (code === OPEN_BRACKET && text.charCodeAt(index + 1) === CARET) {
      // cmark-gfm may hide the `[label]` that follows `[^note]`.
      const note = matchLinkLabel(text, index, text.length);
      const label = note > 0 ? matchLinkLabel(text, index + note, text.length) : 0;
      if (label >= 2) replace(index + note, index + note + label, '', 'html');
      // Continue at the last `]`, so a link tail after the removed label is still seen.
      index += note > 0 ? note + label - 1 : 1;
    } else index++;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** End of a link reference or footnote definition starting at `at`, or `at` if there is none. */
function hiddenDefinitionEnd(
  text: string,
  at: number,
  lineEnd: number,
  nextBlankLine: (from: number) => number,
  titleEnd: (open: number) => number,
  isTitleOpener: (code: number) => boolean,
): number {
  const label = matchLinkLabel(text, at, lineEnd);
  if (label === 0 || text.charCodeAt(at + label) !== COLON) return at;
  if (text.charCodeAt(at + 1) === CARET) {
    // A footnote definition runs on over lines indented four columns, over blank lines, and over the
    // lazy continuation lines of its paragraph: it ends at an unindented line after a blank one.
    let end = lineEnd;
    let afterBlank = false;
    while (end < text.length) {
      const next = text.indexOf('\n', end + 1) < 0 ? text.length : text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, next);
      const blank = line.trim() === '';
      if (!blank && afterBlank && !/^(?: {4}| {0,3}\t)/.test(line)) break;
      afterBlank = blank;
      end = next;
    }
    return end;
  }
  const after = skipSpacesAndNewline(text, lineEnd, text.length);
  return lineEnd < text.length && isTitleOpener(text.charCodeAt(after)) && after < nextBlankLine(lineEnd) ? titleEnd(after) : lineEnd;
}

/** At a link tail `(destination "title")`: removes the title, escapes `(` before an unsafe destination. */
function removeTitleTextually(
  text: string,
  open: number,
  titleEnd: (open: number) => number,
  isTitleOpener: (code: number) => boolean,
  replace: (from: number, to: number, insert: string, kind?: RemovalKind) => void,
): number {
  const start = skipSpacesAndNewline(text, open + 1, text.length);
  let end = start;
  if (text.charCodeAt(start) === LESS_THAN) {
    const close = text.indexOf('>', start);
    const lineEnd = text.indexOf('\n', start);
    end = close < 0 || (lineEnd >= 0 && lineEnd < close) ? start : close + 1;
  } else {
    // Stops at `<` too: markup after it matters more than a faithful destination here.
    while (
      end < text.length &&
      !isMarkdownWhitespace(text.charCodeAt(end)) &&
      text.charCodeAt(end) !== CLOSE_PAREN &&
      text.charCodeAt(end) !== LESS_THAN
    ) {
      end++;
    }
  }
  const destination = text.slice(
    text.charCodeAt(start) === LESS_THAN ? start + 1 : start,
    text.charCodeAt(start) === LESS_THAN ? end - 1 : end,
  );
  if (!isSafeLinkDestination(destination)) {
    replace(open, open + 1, '\\(', 'html');
    return end;
  }
  const titleStart = skipSpacesAndNewline(text, end, text.length);
  if (titleStart > end && isTitleOpener(text.charCodeAt(titleStart))) {
    const close = titleEnd(titleStart);
    replace(end, close, '', 'html');
    return close;
  }
  return Math.max(end, open + 1);
}

/** Length of the container markers (`>`, list markers, indentation) at the start of a line. */
function containerPrefixLength(line: string): number {
  let index = 0;
  for (;;) {
    while (index < line.length && (isSpaceOrTab(line.charCodeAt(index)) || line.charCodeAt(index) === GREATER_THAN)) index++;
    const code = line.charCodeAt(index);
    let marker = 0;
    if (code === DASH || code === PLUS || code === STAR) marker = 1;
    else if (isDigit(code)) {
      let digits = 1;
      while (digits < 9 && isDigit(line.charCodeAt(index + digits))) digits++;
      const delimiter = line.charCodeAt(index + digits);
      if (delimiter === DOT || delimiter === CLOSE_PAREN) marker = digits + 1;
    }
    if (marker > 0 && isSpaceOrTab(line.charCodeAt(index + marker))) {
      index += marker;
      continue;
    }
    return index;
  }
}

/** Where the info string would start if `line` opened a fence inside any containers, or -1. */
function fenceInfoStart(line: string): number {
  const index = containerPrefixLength(line);
  const code = line.charCodeAt(index);
  if (code !== BACKTICK && code !== TILDE) return -1;
  let end = index;
  while (line.charCodeAt(end) === code) end++;
  if (end - index < 3) return -1;
  if (code === BACKTICK && line.includes('`', end)) return -1;
  return end;
}
