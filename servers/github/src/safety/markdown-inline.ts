/**
 * The inline scanner, after commonmark.js: code spans, raw HTML, autolinks, entities and links. Each run of
 * inline text is walked more than once: first to find the backticks that are code under every reading
 * GitHub may apply, then to neutralise everything outside that code, which stays exactly as written.
 */

import { BacktickRuns, runEndOf } from './backtick-runs.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  BANG,
  CARET,
  CLOSE_BRACKET,
  COLON,
  DASH,
  DOT,
  GREATER_THAN,
  isAsciiLetter,
  isAsciiPunctuation,
  isDigit,
  LESS_THAN,
  OPEN_BRACKET,
  OPEN_PAREN,
  PLUS,
  SPACE,
} from './character-codes.js';
import { matchEntity } from './html-entities.js';
import { matchCommonMarkTag, rewriteTag, tokenizeHtmlTag } from './html-tags.js';
import { isSafeLinkDestination, isSafeScheme } from './link-destinations.js';
import { addEdit, type PassContext, type RegionContent, type RemovalKind, type Span, toSource } from './markdown-edits.js';
import { matchInlineLinkTail, matchLinkLabel, normalizeLabel } from './markdown-links.js';
import { Finder } from './text-finder.js';

/**
 * Finds the code spans of a run of inline Markdown now and returns the step that neutralises the rest.
 * A code span is protected only if it is one under every reading GitHub's renderer may apply: CommonMark
 * 0.31's rules for comments and declarations, 0.29's (which cmark-gfm follows), and cmark-gfm's cache of
 * backtick runs, which misses some closers. Where the readings disagree a backtick's partner differs, and
 * only code under all of them is code for sure.
 */
export function planInline(content: RegionContent, start: number, end: number, context: PassContext): () => void {
  const slice = content.text.slice(start, end);
  if (!/[<&[\]]/.test(slice)) return () => {};
  let protectedSpans = walkInline(content, start, end, context, { legacyHtml: false, collectLabels: true });
  if (protectedSpans.length > 0) {
    const readings: WalkMode[] = [{ legacyHtml: true, cmarkBacktickCache: true }];
    if (slice.includes('<!')) readings.push({ legacyHtml: true });
    for (const reading of readings) {
      const spans = new Set(walkInline(content, start, end, context, reading).map((span) => `${span.start}:${span.end}`));
      protectedSpans = protectedSpans.filter((span) => spans.has(`${span.start}:${span.end}`));
    }
  }
  return () => {
    walkInline(content, start, end, context, { legacyHtml: false, protectedSpans });
  };
}

interface WalkMode {
  /** CommonMark 0.29 rules for comments and declarations instead of 0.31's. */
  legacyHtml: boolean;
  /** Record the reference labels that links use. */
  collectLabels?: boolean;
  /** Find closing backticks the way cmark-gfm's cache does (see `BacktickRuns.closerAfterCmark`). */
  cmarkBacktickCache?: boolean;
  /** Present in the neutralising walk: the only code spans; every other backtick is literal. */
  protectedSpans?: readonly Span[];
}

interface Bracket {
  position: number;
  image: boolean;
  active: boolean;
  bracketAfter: boolean;
}

/**
 * Walks inline Markdown in `content.text[start, end)`. Without `protectedSpans` it only finds code spans
 * (returned); with them it records edits for everything a renderer would hide or a model should not
 * follow. Both walks consume HTML, autolinks and links the same way, so backticks pair up as on GitHub.
 */
function walkInline(content: RegionContent, start: number, end: number, context: PassContext, mode: WalkMode): Span[] {
  const text = content.text;
  const sanitise = mode.protectedSpans !== undefined;
  const protectedSpans = mode.protectedSpans ?? [];
  const codeSpans: Span[] = [];
  const backticks = sanitise ? undefined : new BacktickRuns(text, start, end);
  const finder = new Finder(text, end, context.budget);
  const brackets: Bracket[] = [];
  const special = /[\\`<&![\]]/g;
  let nextProtected = 0;
  let index = start;

  const edit = (from: number, to: number, insert: string, kind?: RemovalKind): void => {
    if (sanitise) addEdit(context, content, from, to, insert, kind);
  };

  while (index < end) {
    let code = text.charCodeAt(index);
    if (!isInlineSpecial(code)) {
      special.lastIndex = index;
      const found = special.exec(text);
      if (found === null || found.index >= end) break;
      context.budget.spend(found.index - index);
      index = found.index;
      code = text.charCodeAt(index);
    }
    context.budget.spend(1);

    if (code === BACKSLASH) {
      index += index + 1 < end && isAsciiPunctuation(text.charCodeAt(index + 1)) ? 2 : 1;
    } else if (code === BACKTICK) {
      const runEnd = runEndOf(text, index, end, BACKTICK);
      if (sanitise) {
        while (nextProtected < protectedSpans.length && protectedSpans[nextProtected]!.start < index) nextProtected++;
        const span = protectedSpans[nextProtected];
        index = span !== undefined && span.start === index ? span.end : runEnd;
      } else {
        const closer = mode.cmarkBacktickCache
          ? backticks!.closerAfterCmark(runEnd, runEnd - index, context.budget)
          : backticks!.closerAfter(runEnd, runEnd - index);
        if (closer === undefined) index = runEnd;
        else {
          codeSpans.push({ start: index, end: closer });
          index = closer;
        }
      }
    } else if (code === LESS_THAN) {
      index = inlineLessThan(content, index, end, context, finder, mode, edit);
    } else if (code === AMPERSAND) {
      const entity = matchEntity(text, index, end, true);
      if (entity === undefined) index++;
      else {
        if (entity.removable) edit(index, entity.end, '', 'invisible');
        index = entity.end;
      }
    } else if (code === BANG) {
      if (text.charCodeAt(index + 1) === OPEN_BRACKET && index + 1 < end) {
        pushBracket(brackets, index + 1, true);
        index += 2;
      } else index++;
    } else if (code === OPEN_BRACKET) {
      pushBracket(brackets, index, false);
      index++;
    } else {
      index = closeBracket(content, index, end, context, brackets, mode, edit);
    }
  }
  return codeSpans;
}

function isInlineSpecial(code: number): boolean {
  return (
    code === BACKSLASH ||
    code === BACKTICK ||
    code === LESS_THAN ||
    code === AMPERSAND ||
    code === BANG ||
    code === OPEN_BRACKET ||
    code === CLOSE_BRACKET
  );
}

function pushBracket(brackets: Bracket[], position: number, image: boolean): void {
  const top = brackets[brackets.length - 1];
  if (top !== undefined) top.bracketAfter = true;
  brackets.push({ position, image, active: true, bracketAfter: false });
}

/** `]`: an inline link, a reference link, or a literal bracket. Returns where to continue. */
function closeBracket(
  content: RegionContent,
  index: number,
  end: number,
  context: PassContext,
  brackets: Bracket[],
  mode: WalkMode,
  edit: (from: number, to: number, insert: string, kind?: RemovalKind) => void,
): number {
  const text = content.text;
  const sanitise = mode.protectedSpans !== undefined;
  const opener = brackets.pop();
  if (opener === undefined || !opener.active) return index + 1;
  let after: number | undefined;
  if (text.charCodeAt(index + 1) === OPEN_PAREN && index + 1 < end) {
    const tail = matchInlineLinkTail(text, index + 1, end, context.budget, () => {
      context.ambiguous = true;
    });
    if (tail !== undefined) {
      if (sanitise) {
        const blankLabel = !opener.image && text.slice(opener.position + 1, index).trim() === '';
        if (blankLabel || !isSafeLinkDestination(text.slice(tail.destination.start, tail.destination.end))) {
          // No longer a link: the rest of the tail is scanned as the text it now is.
          edit(index + 1, index + 2, '\\(', 'html');
          return index + 2;
        }
        if (tail.title !== undefined) edit(tail.title.start, tail.title.end, '', 'html');
      }
      after = tail.end;
    }
  }
  if (after === undefined) {
    const labelLength = matchLinkLabel(text, index + 1, end);
    let label: string | undefined;
    if (labelLength > 2) label = text.slice(index + 1, index + 1 + labelLength);
    else if (!opener.bracketAfter) label = text.slice(opener.position, index + 1);
    const normalized = label === undefined ? undefined : normalizeLabel(label);
    if (normalized !== undefined && context.refLabels.has(normalized)) {
      after = index + 1 + labelLength;
      if (mode.collectLabels) context.usedLabels.add(normalized);
    } else if (labelLength >= 2 && text.charCodeAt(opener.position + 1) === CARET && index > opener.position + 2) {
      // cmark-gfm (footnotes on) drops the `[label]` after an unmatched `[^note]`: hidden text, read
      // differently by versions. The fallback removes it.
      context.ambiguous = true;
    }
  }
  if (after === undefined) return index + 1;
  if (!opener.image) for (const earlier of brackets) if (!earlier.image) earlier.active = false;
  return after;
}

/** `<` in inline Markdown: autolink, raw HTML (CommonMark's grammar), or a literal `<`. */
function inlineLessThan(
  content: RegionContent,
  index: number,
  end: number,
  context: PassContext,
  finder: Finder,
  mode: WalkMode,
  edit: (from: number, to: number, insert: string, kind?: RemovalKind) => void,
): number {
  const text = content.text;
  const uri = matchUriAutolink(text, index, end);
  if (uri !== undefined) {
    if (!isSafeScheme(uri.scheme)) {
      edit(index, index + 1, '&lt;', 'html');
      return index + 1;
    }
    return uri.end;
  }
  const email = matchEmailAutolink(text, index, end);
  if (email > 0) return email;
  const hidden = matchHiddenHtml(text, index, end, finder, mode.legacyHtml);
  if (hidden > 0) {
    // Markdown passes `<?…?>` and `<![CDATA[…]]>` through whole, but a browser ends them at the first `>`
    // and reads the rest as HTML, where an `<!--` hides the rest of the page. Under any reading, then,
    // everything from here on goes.
    if (text.charCodeAt(index + 1) === 63 || text.startsWith('<![CDATA[', index)) {
      const browserEnd = text.indexOf('>', index + 2);
      if (browserEnd + 1 < hidden && text.slice(browserEnd + 1, hidden).includes('<')) {
        const from = toSource(content, index);
        if (context.hiddenFrom === undefined || from < context.hiddenFrom) context.hiddenFrom = from;
      }
    }
    edit(index, hidden, '', 'html');
    return hidden;
  }
  const tagEnd = matchCommonMarkTag(text, index, end, context.budget);
  if (tagEnd > 0) {
    if (mode.protectedSpans !== undefined) {
      const tag = tokenizeHtmlTag(text, index, tagEnd, context.budget);
      if (tag !== undefined) {
        const rewritten = rewriteTag(tag);
        if (rewritten.text !== text.slice(index, tagEnd)) edit(index, tagEnd, rewritten.text, rewritten.counted ? 'html' : undefined);
      }
    }
    return tagEnd;
  }
  return index + 1;
}

/** End of a comment, processing instruction, declaration or CDATA section at `index` (all hidden), or 0. */
function matchHiddenHtml(text: string, index: number, end: number, finder: Finder, legacy: boolean): number {
  if (text.charCodeAt(index + 1) === BANG) {
    if (text.startsWith('<!--', index)) {
      const body = index + 4;
      if (legacy) {
        if (text.startsWith('-->', body)) return body + 3;
        if (text.startsWith('>', body) || text.startsWith('->', body)) return 0;
        const dashes = finder.find('--', body);
        return dashes > body && text.charCodeAt(dashes + 2) === GREATER_THAN && dashes + 3 <= end ? dashes + 3 : 0;
      }
      if (text.startsWith('>', body)) return body + 1;
      if (text.startsWith('->', body)) return body + 2;
      const close = finder.find('-->', body);
      return close >= 0 && close + 3 <= end ? close + 3 : 0;
    }
    if (text.startsWith('<![CDATA[', index)) {
      const close = finder.find(']]>', index + 9);
      return close >= 0 && close + 3 <= end ? close + 3 : 0;
    }
    const declaration = legacy ? /<![A-Z]+[ \t\n\v\f\r]/y : /<![A-Za-z]/y;
    declaration.lastIndex = index;
    if (declaration.test(text)) {
      const close = finder.find('>', index + 2);
      return close >= 0 && close < end ? close + 1 : 0;
    }
    return 0;
  }
  if (text.charCodeAt(index + 1) === 63) {
    const close = finder.find('?>', index + 2);
    return close >= 0 && close + 2 <= end ? close + 2 : 0;
  }
  return 0;
}

/** `<scheme:...>`; the scheme is returned lower-cased. */
function matchUriAutolink(text: string, index: number, end: number): { end: number; scheme: string } | undefined {
  let position = index + 1;
  if (!isAsciiLetter(text.charCodeAt(position))) return undefined;
  position++;
  while (position < end && position - index <= 33) {
    const code = text.charCodeAt(position);
    if (isAsciiLetter(code) || isDigit(code) || code === PLUS || code === DOT || code === DASH) position++;
    else break;
  }
  const schemeLength = position - index - 1;
  if (schemeLength < 2 || schemeLength > 32 || text.charCodeAt(position) !== COLON) return undefined;
  const scheme = text.slice(index + 1, position).toLowerCase();
  for (position++; position < end; position++) {
    const code = text.charCodeAt(position);
    if (code === GREATER_THAN) return { end: position + 1, scheme };
    if (code <= SPACE || code === LESS_THAN) return undefined;
  }
  return undefined;
}

/** End of an email autolink `<user@example.com>` at `index`, or 0. */
function matchEmailAutolink(text: string, index: number, end: number): number {
  const email =
    /[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>/y;
  email.lastIndex = index + 1;
  return email.test(text) && email.lastIndex <= end ? email.lastIndex : 0;
}
