/**
 * Raw HTML tags: CommonMark's tag grammar (what Markdown passes through as inline HTML), a browser's
 * tokenizer (what the tag then means), and the allow-list that decides how a tag is re-emitted. Attribute
 * values never show on GitHub, so they are hidden text: all but a few harmless ones are dropped. Also the
 * neutralising of whole HTML blocks, read as a browser reads them.
 */

import {
  AMPERSAND,
  BACKTICK,
  BANG,
  COLON,
  DASH,
  DOT,
  EQUALS,
  GREATER_THAN,
  isAsciiLetter,
  isDigit,
  isMarkdownWhitespace,
  LESS_THAN,
  SLASH,
  SPACE,
  TAB,
  UNDERSCORE,
} from './character-codes.js';
import { matchEntity } from './html-entities.js';
import { isRemovableCodePoint, removeInvisibleCharacters } from './invisible-characters.js';
import { addEdit, type PassContext, type RegionContent, removeToEnd } from './markdown-edits.js';
import { Finder } from './text-finder.js';
import type { WorkBudget } from './work-budget.js';

/** End of a CommonMark open or closing tag at `index`, or -1. Deterministic: no backtracking. */
export function matchCommonMarkTag(text: string, index: number, end: number, budget?: WorkBudget): number {
  let position = index + 1;
  const closing = text.charCodeAt(position) === SLASH;
  if (closing) position++;
  if (position >= end || !isAsciiLetter(text.charCodeAt(position))) return -1;
  position++;
  while (position < end && isTagNameCharacter(text.charCodeAt(position))) position++;
  if (closing) {
    position = skipMarkdownWhitespace(text, position, end);
    return position < end && text.charCodeAt(position) === GREATER_THAN ? position + 1 : -1;
  }
  for (;;) {
    const next = skipMarkdownWhitespace(text, position, end);
    if (next >= end) return -1;
    const code = text.charCodeAt(next);
    if (code === GREATER_THAN) return next + 1;
    if (code === SLASH) return next + 1 < end && text.charCodeAt(next + 1) === GREATER_THAN ? next + 2 : -1;
    if (next === position || !isAttributeNameStart(code)) return -1;
    position = next + 1;
    while (position < end && isAttributeNameCharacter(text.charCodeAt(position))) position++;
    const beforeEquals = skipMarkdownWhitespace(text, position, end);
    if (beforeEquals < end && text.charCodeAt(beforeEquals) === EQUALS) {
      const valueStart = skipMarkdownWhitespace(text, beforeEquals + 1, end);
      const valueEnd = matchAttributeValue(text, valueStart, end, budget);
      if (valueEnd < 0) return -1;
      position = valueEnd;
    }
  }
}

function matchAttributeValue(text: string, start: number, end: number, budget?: WorkBudget): number {
  const quote = text.charCodeAt(start);
  if (quote === 34 || quote === 39) {
    const close = text.indexOf(quote === 34 ? '"' : "'", start + 1);
    budget?.spend((close < 0 ? end : close) - start);
    return close >= 0 && close < end ? close + 1 : -1;
  }
  let index = start;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code <= SPACE || code === 34 || code === 39 || code === EQUALS || code === LESS_THAN || code === GREATER_THAN || code === BACKTICK)
      break;
    index++;
  }
  return index > start ? index : -1;
}

function skipMarkdownWhitespace(text: string, from: number, end: number): number {
  let index = from;
  while (index < end && isMarkdownWhitespace(text.charCodeAt(index))) index++;
  return index;
}

function isTagNameCharacter(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === DASH;
}

function isAttributeNameStart(code: number): boolean {
  return isAsciiLetter(code) || code === UNDERSCORE || code === COLON;
}

function isAttributeNameCharacter(code: number): boolean {
  return isAttributeNameStart(code) || isDigit(code) || code === DOT || code === DASH;
}

interface ParsedTag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
  end: number;
}

function isHtmlSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === 10 || code === 12 || code === 13;
}

/** Tokenises a tag the way a browser does; `undefined` if the text ends inside it. */
export function tokenizeHtmlTag(text: string, index: number, end: number, budget: WorkBudget): ParsedTag | undefined {
  let position = index + 1;
  const closing = text.charCodeAt(position) === SLASH;
  if (closing) position++;
  const nameStart = position;
  while (position < end) {
    const code = text.charCodeAt(position);
    if (isHtmlSpace(code) || code === SLASH || code === GREATER_THAN) break;
    position++;
  }
  const name = text.slice(nameStart, position).toLowerCase();
  const attributes = new Map<string, string>();
  for (;;) {
    while (position < end && (isHtmlSpace(text.charCodeAt(position)) || text.charCodeAt(position) === SLASH)) position++;
    budget.spend(1);
    if (position >= end) return undefined;
    if (text.charCodeAt(position) === GREATER_THAN) return { name, closing, attributes, end: position + 1 };
    const attributeStart = position++;
    while (position < end) {
      const code = text.charCodeAt(position);
      if (isHtmlSpace(code) || code === SLASH || code === GREATER_THAN || code === EQUALS) break;
      position++;
    }
    const attribute = text.slice(attributeStart, position).toLowerCase();
    let valueStart = position;
    while (valueStart < end && isHtmlSpace(text.charCodeAt(valueStart))) valueStart++;
    let value = '';
    if (valueStart < end && text.charCodeAt(valueStart) === EQUALS) {
      valueStart++;
      while (valueStart < end && isHtmlSpace(text.charCodeAt(valueStart))) valueStart++;
      if (valueStart >= end) return undefined;
      const quote = text.charCodeAt(valueStart);
      if (quote === 34 || quote === 39) {
        const close = text.indexOf(quote === 34 ? '"' : "'", valueStart + 1);
        budget.spend((close < 0 ? end : close) - valueStart);
        if (close < 0 || close >= end) return undefined;
        value = text.slice(valueStart + 1, close);
        position = close + 1;
      } else {
        position = valueStart;
        while (position < end && !isHtmlSpace(text.charCodeAt(position)) && text.charCodeAt(position) !== GREATER_THAN) position++;
        value = text.slice(valueStart, position);
      }
    }
    if (!attributes.has(attribute)) attributes.set(attribute, decodeAttribute(value));
  }
}

/**
 * Tags kept as markup. Everything else is escaped (`&lt;name>`) with its attributes dropped: attribute
 * values never show on GitHub, so they are hidden text too. Only the attributes listed are kept.
 */
const ALLOWED_TAGS = new Set(
  (
    'a b blockquote br caption code dd del details dl dt em h1 h2 h3 h4 h5 h6 hr i ins kbd li ol p pre s strong sub ' +
    'summary sup table tbody td tfoot th thead tr ul'
  ).split(' '),
);

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  ol: ['start'],
  td: ['align', 'colspan', 'rowspan'],
  th: ['align', 'colspan', 'rowspan'],
  details: ['open'],
};

/** The attribute as it is re-emitted (`true`: without a value), or `undefined` to drop it. */
function keptAttribute(attribute: string, value: string): string | true | undefined {
  switch (attribute) {
    case 'href':
      return /^https?:\/\/[^\s"'<>`\\]+$/i.test(value) && ![...value].some((ch) => isRemovableCodePoint(ch.codePointAt(0)!))
        ? value
        : undefined;
    case 'start':
      return /^-?\d{1,9}$/.test(value) ? value : undefined;
    case 'align':
      return /^(?:left|right|center)$/i.test(value) ? value.toLowerCase() : undefined;
    case 'colspan':
    case 'rowspan':
      return /^\d{1,4}$/.test(value) ? value : undefined;
    case 'open':
      return true;
    default:
      return undefined;
  }
}

/** A tag as it is re-emitted, and whether anything in it was neutralised (plain normalisation is not counted). */
export function rewriteTag(tag: ParsedTag): { text: string; counted: boolean } {
  const { name, closing } = tag;
  if (name === 'img') return { text: closing ? '' : imagePlaceholder(tag.attributes.get('alt')), counted: true };
  if (!ALLOWED_TAGS.has(name)) {
    const shown = name.replace(/[^a-z0-9-]/g, '') || 'tag';
    return { text: `&lt;${closing ? '/' : ''}${shown}>`, counted: true };
  }
  if (closing) return { text: `</${name}>`, counted: tag.attributes.size > 0 };
  let attributes = '';
  let kept = 0;
  for (const attribute of ALLOWED_ATTRIBUTES[name] ?? []) {
    const value = tag.attributes.get(attribute);
    if (value === undefined) continue;
    const emitted = keptAttribute(attribute, value);
    if (emitted === undefined) continue;
    kept++;
    attributes += emitted === true ? ` ${attribute}` : ` ${attribute}="${escapeAttribute(emitted)}"`;
  }
  return { text: `<${name}${attributes}>`, counted: kept < tag.attributes.size };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<img>` becomes `[image: alt]`: the alt text is the image's text equivalent; the rest is dropped. */
function imagePlaceholder(alt: string | undefined): string {
  // Cleaned as a name (as `sanitizeName` does), so the alt text cannot break the line.
  const text = removeInvisibleCharacters(alt ?? '', 'name', { invisible: 0, html: 0, fenceInfo: 0 })
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&(?=[#A-Za-z])/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/`/g, '&#96;');
  return text === '' ? '[image]' : `[image: ${text}]`;
}

const NAMED_ATTRIBUTE_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities that matter for checking an attribute value; unknown named entities stay as they are. */
function decodeAttribute(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|([A-Za-z]+));?/g, (whole, hex, decimal, name) => {
    if (name !== undefined) return NAMED_ATTRIBUTE_ENTITIES[name] ?? whole;
    const point = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal, 10);
    return point > 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point) : '\ufffd';
  });
}

/**
 * Neutralises an HTML block as a browser will read it: comments, declarations and processing
 * instructions removed, tags through the allow-list, invisible entities removed. A comment or tag left
 * open hides everything after it on the page, so everything after it is removed.
 */
export function neutraliseHtml(content: RegionContent, context: PassContext): void {
  const text = content.text;
  const end = text.length;
  const finder = new Finder(text, end, context.budget);
  const special = /[<&]/g;
  let index = 0;
  while (index < end) {
    special.lastIndex = index;
    const found = special.exec(text);
    if (found === null) return;
    context.budget.spend(found.index - index + 1);
    index = found.index;
    if (text.charCodeAt(index) === AMPERSAND) {
      const entity = matchEntity(text, index, end, false);
      if (entity === undefined) index++;
      else {
        if (entity.removable) addEdit(context, content, index, entity.end, '', 'invisible');
        index = entity.end;
      }
      continue;
    }
    const next = text.charCodeAt(index + 1);
    let close: number;
    if (text.startsWith('<!--', index)) {
      if (text.startsWith('<!-->', index)) close = index + 5;
      else if (text.startsWith('<!--->', index)) close = index + 6;
      else {
        const plain = finder.find('-->', index + 4);
        const bang = finder.find('--!>', index + 4);
        close = plain < 0 ? (bang < 0 ? -1 : bang + 4) : bang < 0 || plain < bang ? plain + 3 : bang + 4;
      }
    } else if (next === BANG || next === 63 || (next === SLASH && !isAsciiLetter(text.charCodeAt(index + 2)) && index + 2 < end)) {
      // Bogus comments (`<!x`, `<?x`, `</ x`) and `</>`: a browser shows none of them.
      const gt = finder.find('>', index + 2);
      close = gt < 0 ? -1 : gt + 1;
      if (next === SLASH && text.charCodeAt(index + 2) === GREATER_THAN) close = index + 3;
    } else if (isAsciiLetter(next) || (next === SLASH && isAsciiLetter(text.charCodeAt(index + 2)))) {
      const tag = tokenizeHtmlTag(text, index, end, context.budget);
      if (tag === undefined) {
        removeToEnd(context, content, index);
        return;
      }
      const rewritten = rewriteTag(tag);
      if (rewritten.text !== text.slice(index, tag.end))
        addEdit(context, content, index, tag.end, rewritten.text, rewritten.counted ? 'html' : undefined);
      index = tag.end;
      continue;
    } else {
      index++;
      continue;
    }
    if (close < 0) {
      removeToEnd(context, content, index);
      return;
    }
    addEdit(context, content, index, close, '', 'html');
    index = close;
  }
}
