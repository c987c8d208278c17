/**
 * Link syntax after commonmark.js: labels, destinations, titles, inline link tails `(destination "title")`
 * and link reference definitions. Every walk reads links through these, so that a bracket is a link here
 * exactly when it is one on GitHub, and backticks inside a link pair up as they do there.
 */

import {
  BACKSLASH,
  CLOSE_BRACKET,
  CLOSE_PAREN,
  COLON,
  GREATER_THAN,
  isAsciiPunctuation,
  isMarkdownWhitespace,
  isSpaceOrTab,
  LESS_THAN,
  OPEN_BRACKET,
  OPEN_PAREN,
} from './character-codes.js';
import type { Span } from './markdown-edits.js';
import type { WorkBudget } from './work-budget.js';

/** A link reference definition `[label]: destination "title"`, in offsets of its paragraph's content. */
export interface ReferenceDefinition {
  label: string;
  /** The whole definition, through its line end. */
  span: Span;
  destination: Span;
  /** The title with the whitespace before it, if there is one. */
  title?: Span;
}

/** The link reference definitions that open a paragraph. */
export interface ReferenceDefinitions {
  definitions: ReferenceDefinition[];
  /** Content offset where the definitions end and the paragraph's inline text begins. */
  end: number;
}

/** Parses the link reference definitions at the start of a paragraph, after commonmark.js `parseReference`. */
export function parseReferenceDefinitions(text: string, budget: WorkBudget, ambiguous: () => void): ReferenceDefinitions {
  const definitions: ReferenceDefinition[] = [];
  let position = 0;
  while (text.charCodeAt(position) === OPEN_BRACKET) {
    const definition = matchReferenceDefinition(text, position, budget, ambiguous);
    if (definition === undefined) break;
    definitions.push(definition);
    position = definition.span.end;
  }
  return { definitions, end: position };
}

function matchReferenceDefinition(text: string, start: number, budget: WorkBudget, ambiguous: () => void): ReferenceDefinition | undefined {
  const labelLength = matchLinkLabel(text, start, text.length);
  if (labelLength === 0 || text.charCodeAt(start + labelLength) !== COLON) return undefined;
  const label = normalizeLabel(text.slice(start, start + labelLength));
  if (label === '') return undefined;
  let position = skipSpacesAndNewline(text, start + labelLength + 1, text.length);
  const destination = matchLinkDestination(text, position, text.length, budget, ambiguous);
  if (destination === undefined) return undefined;
  position = destination.end;
  const beforeTitle = position;
  position = skipSpacesAndNewline(text, position, text.length);
  if (position !== beforeTitle) {
    const titleEnd = matchLinkTitle(text, position, text.length, budget);
    if (titleEnd !== undefined) {
      const lineEnd = endOfLineIfBlank(text, titleEnd);
      if (lineEnd !== undefined) {
        return { label, span: { start, end: lineEnd }, destination: destination.value, title: { start: beforeTitle, end: titleEnd } };
      }
    }
  }
  const lineEnd = endOfLineIfBlank(text, beforeTitle);
  return lineEnd === undefined ? undefined : { label, span: { start, end: lineEnd }, destination: destination.value };
}

/** If only spaces follow `from` up to the line end, the offset just past that line end. */
function endOfLineIfBlank(text: string, from: number): number | undefined {
  let index = from;
  while (index < text.length && isSpaceOrTab(text.charCodeAt(index))) index++;
  if (index === text.length) return index;
  return text.charCodeAt(index) === 10 ? index + 1 : undefined;
}

/** A label as CommonMark matches it: brackets off, whitespace collapsed, case folded. */
export function normalizeLabel(label: string): string {
  return label.slice(1, -1).trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

/** Length of a link label `[...]` at `start` (at most 999 characters inside, no unescaped brackets), or 0. */
export function matchLinkLabel(text: string, start: number, end: number): number {
  if (text.charCodeAt(start) !== OPEN_BRACKET) return 0;
  const limit = Math.min(end, start + 1002);
  for (let index = start + 1; index < limit; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === OPEN_BRACKET) return 0;
    else if (code === CLOSE_BRACKET) return index - start <= 1000 ? index + 1 - start : 0;
  }
  return 0;
}

/** Skips spaces and tabs, with at most one line break among them. */
export function skipSpacesAndNewline(text: string, from: number, end: number): number {
  let index = from;
  while (index < end && isSpaceOrTab(text.charCodeAt(index))) index++;
  if (index < end && text.charCodeAt(index) === 10) {
    index++;
    while (index < end && isSpaceOrTab(text.charCodeAt(index))) index++;
  }
  return index;
}

interface Destination {
  end: number;
  /** The destination itself, without `<` `>`. */
  value: Span;
}

/** A link destination at `start`: `<...>` or a run without spaces and with balanced parentheses. */
function matchLinkDestination(
  text: string,
  start: number,
  end: number,
  budget: WorkBudget,
  ambiguous?: () => void,
): Destination | undefined {
  if (text.charCodeAt(start) === LESS_THAN) {
    for (let index = start + 1; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code === BACKSLASH) index++;
      else if (code === GREATER_THAN) {
        budget.spend(index - start);
        return { end: index + 1, value: { start: start + 1, end: index } };
      } else if (code === LESS_THAN || code === 10) return undefined;
    }
    return undefined;
  }
  let index = start;
  let depth = 0;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH && index + 1 < end && isAsciiPunctuation(text.charCodeAt(index + 1))) index += 2;
    else if (code === OPEN_PAREN) {
      depth++;
      index++;
    } else if (code === CLOSE_PAREN) {
      if (depth === 0) break;
      depth--;
      index++;
    } else if (isMarkdownWhitespace(code) || code < 0x20) break;
    else index++;
  }
  budget.spend(index - start);
  // The spec wants balanced parentheses; cmark-gfm takes the run anyway.
  if (depth !== 0) ambiguous?.();
  if (depth !== 0 || (index === start && text.charCodeAt(index) !== CLOSE_PAREN)) return undefined;
  return { end: index, value: { start, end: index } };
}

/** End of a link title (`"..."`, `'...'` or `(...)`) at `start`, or undefined. */
function matchLinkTitle(text: string, start: number, end: number, budget: WorkBudget): number | undefined {
  const open = text.charCodeAt(start);
  const close = open === OPEN_PAREN ? CLOSE_PAREN : open;
  if (open !== 34 && open !== 39 && open !== OPEN_PAREN) return undefined;
  for (let index = start + 1; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === close) {
      budget.spend(index - start);
      return index + 1;
    } else if (open === OPEN_PAREN && code === OPEN_PAREN) return undefined;
  }
  budget.spend(end - start);
  return undefined;
}

interface LinkTail {
  end: number;
  destination: Span;
  /** The title with the whitespace before it, so removing it leaves `(destination)`. */
  title?: Span;
}

/** `(destination "title")` at `open`, after commonmark.js `parseCloseBracket`. */
export function matchInlineLinkTail(
  text: string,
  open: number,
  end: number,
  budget: WorkBudget,
  ambiguous: () => void,
): LinkTail | undefined {
  const destinationStart = skipSpacesAndNewline(text, open + 1, end);
  const destination = matchLinkDestination(text, destinationStart, end, budget, ambiguous);
  if (destination === undefined) return undefined;
  let position = skipSpacesAndNewline(text, destination.end, end);
  let title: Span | undefined;
  if (position !== destination.end) {
    const titleEnd = matchLinkTitle(text, position, end, budget);
    if (titleEnd !== undefined) {
      title = { start: destination.end, end: titleEnd };
      position = skipSpacesAndNewline(text, titleEnd, end);
    }
  }
  if (text.charCodeAt(position) !== CLOSE_PAREN || position >= end) return undefined;
  return { end: position + 1, destination: destination.value, title };
}
